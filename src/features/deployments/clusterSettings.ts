import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

/** Whether a cluster is configured at all: a context chosen, or a kubeconfig where kubectl would find one. */
export function clusterConfigured(settings: ClusterSettings, env: NodeJS.ProcessEnv): boolean {
  if (settings.context || settings.kubeconfig) return true;
  if (env.KUBECONFIG?.trim()) return true;
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return true;
  return fs.existsSync(path.join(env.HOME || env.USERPROFILE || os.homedir(), '.kube', 'config'));
}

export function affectsCluster(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('mlops.kubernetes');
}

/** Where a chosen context and namespace are written: the workspace when one is open, else the user's settings. */
export async function saveClusterChoice(context: string, namespace: string): Promise<void> {
  const section = vscode.workspace.getConfiguration('mlops.kubernetes');
  const where = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await section.update('context', context, where);
  await section.update('namespace', namespace, where);
}
