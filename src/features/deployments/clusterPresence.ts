// Whether the user has Kubernetes at all, decided as kubectl finds its kubeconfig. No vscode here, so the unit tests read it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A context chosen, a kubeconfig set, or one where kubectl would look (KUBECONFIG, ~/.kube/config, a pod's service account). */
export function clusterConfigured(settings: { kubeconfig: string; context: string }, env: NodeJS.ProcessEnv): boolean {
  if (settings.context || settings.kubeconfig) return true;
  if (env.KUBECONFIG?.trim()) return true;
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return true;
  return fs.existsSync(path.join(env.HOME || env.USERPROFILE || os.homedir(), '.kube', 'config'));
}
