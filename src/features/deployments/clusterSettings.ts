import * as vscode from 'vscode';
import type { WorkloadSettings } from '../../core/deploy/kubernetes/deploymentManifest';

/** The settings mlops.kubernetes.*: which cluster, and how each pod of a deployment runs there. */
export interface ClusterSettings {
  /** kubeconfig file(s); empty: KUBECONFIG, else ~/.kube/config, as kubectl looks */
  kubeconfig: string;
  /** empty: the kubeconfig's current-context */
  context: string;
  /** empty: the context's namespace, else "default" */
  namespace: string;
  workload: Partial<WorkloadSettings>;
  /** context name patterns where a change must be confirmed by typing the namespace */
  protectedContexts: string[];
}

export const DEFAULT_PROTECTED_CONTEXTS = ['*prod*'];

export function clusterSettings(): ClusterSettings {
  const section = vscode.workspace.getConfiguration('mlops.kubernetes');
  const text = (key: string) => section.get<string>(key, '').trim();
  const workload: Partial<WorkloadSettings> = { replicas: Math.max(1, Math.floor(section.get<number>('replicas', 1))) };
  const cpu = text('cpu');
  const memory = text('memory');
  if (cpu || memory) {
    // as the CLI's --cpu/--memory: memory is requested and also the limit (a pod over it is killed, not the node)
    workload.resources = { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) }, ...(memory ? { limits: { memory } } : {}) };
  }
  const secret = text('imagePullSecret');
  if (secret) workload.imagePullSecrets = [secret];
  const patterns = section.get<unknown>('protectedContexts', DEFAULT_PROTECTED_CONTEXTS);
  return {
    kubeconfig: text('kubeconfig'),
    context: text('context'),
    namespace: text('namespace'),
    workload,
    protectedContexts: Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : DEFAULT_PROTECTED_CONTEXTS,
  };
}

export function affectsCluster(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('mlops.kubernetes');
}

/** Where a chosen context and namespace are written: the workspace when one is open, else the user's settings. */
export async function saveClusterChoice(context: string, namespace: string): Promise<void> {
  const section = vscode.workspace.getConfiguration('mlops.kubernetes');
  // an untrusted workspace's own value is ignored (restrictedConfigurations): the choice goes to the user's settings there
  const where = vscode.workspace.isTrusted && vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await section.update('context', context, where);
  await section.update('namespace', namespace, where);
}
