import * as vscode from 'vscode';
import { listContexts } from '../../core/deploy/kubernetes/clusterAccess';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import { clusterSettings, saveClusterChoice } from './clusterSettings';

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface ClusterChoice {
  context: string;
  namespace: string;
}

/** Choose Kubernetes Context...: the kubeconfig's contexts (as `kubectl config get-contexts`), then the namespace; saved in the settings. */
export function registerClusterContextCommand(commands: CommandRegistry): void {
  commands.register('mlops.deployments.chooseKubernetesContext', async (): Promise<ClusterChoice | undefined> => {
    const settings = clusterSettings();
    const contexts = listContexts(settings.kubeconfig || undefined, process.env);
    if (contexts.length === 0) throw new UserError('The kubeconfig has no contexts. Add one with kubectl config set-context, or point mlops.kubernetes.kubeconfig at another file.');
    const chosen = settings.context || contexts.find((c) => c.current)?.name;
    const picked = await vscode.window.showQuickPick(
      contexts.map((c) => ({
        label: c.name,
        description: [c.current ? 'current' : '', c.name === settings.context ? 'chosen' : '', c.namespace ? `namespace ${c.namespace}` : ''].filter((p) => p).join(' · '),
        detail: `cluster ${c.cluster} at ${c.server}`,
        picked: c.name === chosen,
        context: c,
      })),
      { title: 'Choose Kubernetes Context', placeHolder: 'Contexts of the kubeconfig: where the Deployments view deploys' },
    );
    if (!picked) return undefined;
    const suggested = picked.context.name === settings.context && settings.namespace ? settings.namespace : picked.context.namespace ?? 'default';
    const typed = await vscode.window.showInputBox({
      title: `Namespace in ${picked.context.name}`,
      prompt: 'Deployments of the view live in this namespace',
      value: suggested,
      validateInput: (value) => (NAMESPACE.test(value.trim()) && value.trim().length <= 63 ? undefined : 'A namespace is a DNS label: lower-case letters, digits and -, at most 63 characters'),
    });
    const namespace = typed?.trim();
    if (!namespace) return undefined;
    await saveClusterChoice(picked.context.name, namespace);
    return { context: picked.context.name, namespace };
  });
}
