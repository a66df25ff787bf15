import type { V1Deployment, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import { DeployError } from '../deployError';
import type { ClusterAccess } from './clusterAccess';
import { readDeployment } from './deploymentWrites';
import { kubeCall, statusCode } from './kubeCall';
import { LABELS, MANAGED_SELECTOR, instanceSelector } from './kubeLabels';
import type { DeploymentObjects } from './revisionList';

/** One deployment's Deployment, ReplicaSets, pods and Service, or undefined when the Deployment does not exist. */
export async function loadDeployment(access: ClusterAccess, name: string, signal: AbortSignal): Promise<DeploymentObjects | undefined> {
  const deployment = await readDeployment(access, name, signal);
  if (!deployment) return undefined;
  const selector = instanceSelector(name);
  const [replicaSets, pods, services] = await Promise.all([
    listReplicaSets(access, selector, signal),
    listPods(access, selector, signal),
    listServices(access, selector, signal),
  ]);
  return { deployment, replicaSets, pods, service: services.find((s) => s.metadata?.name === name) };
}

export async function requireDeployment(access: ClusterAccess, name: string, signal: AbortSignal): Promise<DeploymentObjects> {
  const objects = await loadDeployment(access, name, signal);
  if (!objects) throw noSuchDeployment(access, name);
  return objects;
}

export function noSuchDeployment(access: ClusterAccess, name: string): DeployError {
  return new DeployError('NOT_FOUND', `There is no deployment '${name}' in namespace '${access.namespace}' of context '${access.context}'.`);
}

/** Every deployment MLOps Studio manages in the namespace, with its objects. */
export async function loadAllDeployments(access: ClusterAccess, signal: AbortSignal): Promise<DeploymentObjects[]> {
  const [deployments, replicaSets, pods, services] = await Promise.all([
    kubeCall(access, 'list deployments', signal, (o) => access.apps.listNamespacedDeployment({ namespace: access.namespace, labelSelector: MANAGED_SELECTOR }, o)).then((l) => l.items),
    listReplicaSets(access, MANAGED_SELECTOR, signal),
    listPods(access, MANAGED_SELECTOR, signal),
    listServices(access, MANAGED_SELECTOR, signal),
  ]);
  const instanceOf = (o: { metadata?: { labels?: Record<string, string> } }) => o.metadata?.labels?.[LABELS.instance];
  return deployments.map((deployment: V1Deployment) => {
    const name = deployment.metadata?.name;
    return {
      deployment,
      replicaSets: replicaSets.filter((rs) => instanceOf(rs) === name),
      pods: pods.filter((p) => instanceOf(p) === name),
      service: services.find((s) => s.metadata?.name === name),
    };
  });
}

function listReplicaSets(access: ClusterAccess, labelSelector: string, signal: AbortSignal): Promise<V1ReplicaSet[]> {
  return kubeCall(access, 'list replica sets', signal, (o) => access.apps.listNamespacedReplicaSet({ namespace: access.namespace, labelSelector }, o)).then((l) => l.items);
}

function listPods(access: ClusterAccess, labelSelector: string, signal: AbortSignal): Promise<V1Pod[]> {
  return kubeCall(access, 'list pods', signal, (o) => access.core.listNamespacedPod({ namespace: access.namespace, labelSelector }, o)).then((l) => l.items);
}

async function listServices(access: ClusterAccess, labelSelector: string, signal: AbortSignal): Promise<V1Service[]> {
  try {
    return (await kubeCall(access, 'list services', signal, (o) => access.core.listNamespacedService({ namespace: access.namespace, labelSelector }, o))).items;
  } catch (error) {
    // A namespace where we may manage Deployments but not read Services still lists its revisions.
    if (statusCode(error) === 403) return [];
    throw error;
  }
}
