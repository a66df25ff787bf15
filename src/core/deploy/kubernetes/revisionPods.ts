import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { DeployError } from '../deployError';
import type { LogCall } from '../deploymentTarget';
import type { ClusterAccess } from './clusterAccess';
import { POD_TEMPLATE_HASH } from './kubeLabels';
import { streamPodLog } from './podLogStream';
import type { DeploymentObjects } from './revisionList';

/** The pods of one revision (its ReplicaSet's pod-template-hash), ready ones first, then newest first. */
export function podsOfRevision(pods: V1Pod[], rs: V1ReplicaSet): V1Pod[] {
  const hash = rs.metadata?.labels?.[POD_TEMPLATE_HASH];
  const ready = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const created = (p: V1Pod) => (p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp).getTime() : 0);
  return pods
    .filter((p) => hash !== undefined && p.metadata?.labels?.[POD_TEMPLATE_HASH] === hash && !p.metadata?.deletionTimestamp)
    .sort((a, b) => Number(ready(b)) - Number(ready(a)) || created(b) - created(a));
}

/** `kubectl logs deployment/NAME`-like: the log of one pod of the revision (a ready one if any). */
export async function podLogStreamFor(access: ClusterAccess, objects: DeploymentObjects, rs: V1ReplicaSet, container: string, call: LogCall): Promise<void> {
  const [pod] = podsOfRevision(objects.pods, rs);
  if (!pod?.metadata?.name) {
    throw new DeployError('NOT_FOUND', `Revision ${rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? ''} of '${objects.deployment.metadata?.name}' has no pod (it is scaled to zero or its pods are gone), so there is no log to show.`);
  }
  await streamPodLog(access, pod.metadata.name, container, call);
}
