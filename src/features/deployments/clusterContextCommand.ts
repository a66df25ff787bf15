import * as vscode from 'vscode';
import { listContexts, openClusterAccess } from '../../core/deploy/kubernetes/clusterAccess';
import { kubeCall } from '../../core/deploy/kubernetes/kubeCall';
import { describeError } from '../../core/tracking/errors';
import type { Logger } from '../../vscode/logger';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import { clusterSettings, saveClusterChoice } from './clusterSettings';

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LIST_TIMEOUT_MS = 10_000;

export interface ClusterChoice {
  context: string;
  namespace: string;
}

/** Choose Kubernetes Context...: the kubeconfig's contexts (as `kubectl config get-contexts`), then the namespace; saved in the settings. */
export function registerClusterContextCommand(commands: CommandRegistry, logger: Logger): void {
  commands.register('mlops.deployments.chooseKubernetesContext', async (): Promise<ClusterChoice | undefined> => {
    const settings = clusterSettings();
    const contexts = listContexts(settings.kubeconfig || undefined, process.env);
    if (contexts.length === 0) throw new UserError('The kubeconfig has no contexts. Add one with kubectl config set-context, or point mlops.kubernetes.kubeconfig at another file.');
    const picked = await vscode.window.showQuickPick(
      contexts.map((c) => ({
        label: c.name,
        description: [c.current ? 'current' : '', c.name === settings.context ? 'chosen' : '', c.namespace ? `namespace ${c.namespace}` : ''].filter((p) => p).join(' · '),
        detail: `cluster ${c.cluster} at ${c.server}`,
        context: c,
      })),
      { title: 'Choose Kubernetes Context', placeHolder: 'Contexts of the kubeconfig: where the Deployments view deploys' },
    );
    if (!picked) return undefined;
    const suggested = picked.context.name === settings.context && settings.namespace ? settings.namespace : picked.context.namespace ?? 'default';
    const namespace = await chooseNamespace(settings.kubeconfig || undefined, picked.context.name, suggested, logger);
    if (!namespace) return undefined;
    await saveClusterChoice(picked.context.name, namespace);
    return { context: picked.context.name, namespace };
  });
}

const OTHER = '$(edit) Another namespace...';

/** The namespaces the context lists (`kubectl get namespaces`), else (no permission, no answer) a typed name. */
async function chooseNamespace(kubeconfig: string | undefined, context: string, suggested: string, logger: Logger): Promise<string | undefined> {
  let names: string[] = [];
  try {
    const access = openClusterAccess({ kubeconfig, context, env: process.env });
    const list = await kubeCall(access, 'list its namespaces', AbortSignal.timeout(LIST_TIMEOUT_MS), (o) => access.core.listNamespace({}, o), undefined, LIST_TIMEOUT_MS);
    names = list.items.map((n) => n.metadata?.name ?? '').filter((n) => n);
  } catch (error) {
    logger.info(`Choose Kubernetes Context: the namespaces of '${context}' cannot be listed (${describeError(error)}); asking for one`);
  }
  if (names.length > 0) {
    const picked = await vscode.window.showQuickPick(
      [...names.map((name) => ({ label: name, description: name === suggested ? 'suggested' : undefined })), { label: OTHER, description: 'type its name' }],
      { title: `Namespace in ${context}`, placeHolder: 'Deployments of the view live in this namespace' },
    );
    if (!picked) return undefined;
    if (picked.label !== OTHER) return picked.label;
  }
  const typed = await vscode.window.showInputBox({
    title: `Namespace in ${context}`,
    prompt: 'Deployments of the view live in this namespace',
    value: suggested,
    validateInput: (value) => (NAMESPACE.test(value.trim()) && value.trim().length <= 63 ? undefined : 'A namespace is a DNS label: lower-case letters, digits and -, at most 63 characters'),
  });
  return typed?.trim() || undefined;
}
