import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { DeployError } from '../deployError';

/** Where kubectl would look: explicit files, else KUBECONFIG, else ~/.kube/config, else the pod's service account. */
export interface ClusterAccessRequest {
  /** kubeconfig file(s), joined with the path delimiter like KUBECONFIG; default: KUBECONFIG, then ~/.kube/config */
  kubeconfig?: string;
  /** default: the kubeconfig's current-context */
  context?: string;
  /** default: the context's namespace, then "default" */
  namespace?: string;
  env: NodeJS.ProcessEnv;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  /** the cluster's API server URL */
  server: string;
  namespace: string | undefined;
  current: boolean;
}

/** One context and namespace of one kubeconfig, with the API clients for it. */
export interface ClusterAccess {
  kubeConfig: KubeConfig;
  context: string;
  namespace: string;
  server: string;
  apps: AppsV1Api;
  core: CoreV1Api;
  version: VersionApi;
}

export function openClusterAccess(request: ClusterAccessRequest): ClusterAccess {
  const kubeConfig = loadKubeConfig(request.kubeconfig, request.env);
  const context = request.context?.trim() || kubeConfig.getCurrentContext();
  if (!context) throw new DeployError('INVALID_ARGUMENT', 'The kubeconfig names no current context: choose one (setting mlops.kubernetes.context or --context).');
  const found = kubeConfig.getContextObject(context);
  if (!found) {
    const known = kubeConfig.getContexts().map((c) => c.name).join(', ') || 'none';
    throw new DeployError('INVALID_ARGUMENT', `The kubeconfig has no context '${context}' (it has: ${known}). Choose one of those, like kubectl config get-contexts lists them.`);
  }
  kubeConfig.setCurrentContext(context);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new DeployError('INVALID_ARGUMENT', `Context '${context}' names cluster '${found.cluster}', which the kubeconfig does not define.`);
  const namespace = request.namespace?.trim() || found.namespace || 'default';
  return {
    kubeConfig,
    context,
    namespace,
    server: cluster.server,
    apps: kubeConfig.makeApiClient(AppsV1Api),
    core: kubeConfig.makeApiClient(CoreV1Api),
    version: kubeConfig.makeApiClient(VersionApi),
  };
}

/** The contexts of the kubeconfig, for a picker (`kubectl config get-contexts`). */
export function listContexts(kubeconfig: string | undefined, env: NodeJS.ProcessEnv): ContextInfo[] {
  const config = loadKubeConfig(kubeconfig, env);
  const current = config.getCurrentContext();
  return config.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: config.getCluster(c.cluster)?.server ?? '',
    namespace: c.namespace,
    current: c.name === current,
  }));
}

export function loadKubeConfig(kubeconfig: string | undefined, env: NodeJS.ProcessEnv): KubeConfig {
  const config = new KubeConfig();
  const files = (kubeconfig?.trim() || env.KUBECONFIG?.trim() || '').split(path.delimiter).filter((f) => f);
  try {
    if (files.length > 0) {
      // kubectl merges the files in order; the first file that sets a value wins.
      config.loadFromFile(files[0]);
      for (const file of files.slice(1)) {
        const next = new KubeConfig();
        next.loadFromFile(file);
        config.mergeConfig(next, true);
      }
      return config;
    }
    const home = env.HOME || env.USERPROFILE || os.homedir();
    const fallback = path.join(home, '.kube', 'config');
    if (fs.existsSync(fallback)) {
      config.loadFromFile(fallback);
      return config;
    }
    if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) {
      config.loadFromCluster();
      return config;
    }
  } catch (error) {
    const which = files.length > 0 ? files.join(path.delimiter) : '~/.kube/config';
    throw new DeployError('INVALID_ARGUMENT', `The kubeconfig ${which} could not be read: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
  throw new DeployError('TARGET_UNAVAILABLE', 'No kubeconfig was found (no KUBECONFIG, no ~/.kube/config, not inside a pod). Point KUBECONFIG or the setting mlops.kubernetes.kubeconfig at one.');
}
