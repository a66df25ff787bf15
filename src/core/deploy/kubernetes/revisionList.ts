import type { V1Deployment, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { DeploymentSummary, Revision, RevisionStatus } from '../deploymentTarget';
import { CONTAINER_NAME, DEFAULT_CONTAINER_PORT } from './deploymentManifest';
import { ANNOTATIONS, POD_TEMPLATE_HASH, modelFromAnnotations } from './kubeLabels';
import { currentReplicaSet, earlierRevisions, ownedReplicaSets, revisionOf } from './replicaSetRevisions';

export interface DeploymentObjects {
  deployment: V1Deployment;
  /** every ReplicaSet of the namespace that may belong to it; ownership is checked here */
  replicaSets: V1ReplicaSet[];
  pods: V1Pod[];
  service: V1Service | undefined;
}

/** `kubectl rollout history` as a DeploymentSummary: one Revision per owned ReplicaSet, newest first. */
export function deploymentSummary(objects: DeploymentObjects): DeploymentSummary {
  const { deployment } = objects;
  const owned = ownedReplicaSets(deployment, objects.replicaSets).filter((rs) => revisionOf(rs) !== undefined);
  const current = currentReplicaSet(deployment, owned);
  const port = objects.service?.spec?.ports?.[0]?.port ?? DEFAULT_CONTAINER_PORT;
  const revisions = owned.map((rs) => revisionFrom(deployment, rs, rs === current, port, objects.pods)).reverse();
  const currentRevision = revisions.find((r) => r.current && r.served) ?? null;
  return { name: deployment.metadata?.name ?? '', current: currentRevision, revisions };
}

function revisionFrom(deployment: V1Deployment, rs: V1ReplicaSet, current: boolean, port: number, pods: V1Pod[]): Revision {
  const container = rs.spec?.template?.spec?.containers?.find((c) => c.name === CONTAINER_NAME) ?? rs.spec?.template?.spec?.containers?.[0];
  const reference = container?.image ?? '';
  const hash = rs.metadata?.labels?.[POD_TEMPLATE_HASH];
  const imageId = pods.find((p) => hash && p.metadata?.labels?.[POD_TEMPLATE_HASH] === hash)?.status?.containerStatuses?.find((c) => c.name === container?.name)?.imageID ?? '';
  const history = earlierRevisions(rs);
  const ready = rs.status?.readyReplicas ?? 0;
  const served = rs.metadata?.annotations?.[ANNOTATIONS.servedAt] !== undefined || (current && ready > 0 && (deployment.status?.updatedReplicas ?? 0) > 0);
  return {
    deployment: deployment.metadata?.name ?? '',
    revision: revisionOf(rs) ?? 0,
    current,
    served,
    status: revisionStatus(rs),
    model: modelFromAnnotations(rs.spec?.template?.metadata?.annotations),
    image: { reference, digest: digestOf(imageId) ?? digestOf(reference) ?? '' },
    port,
    createdAt: rs.metadata?.creationTimestamp ? new Date(rs.metadata.creationTimestamp).getTime() : 0,
    changeCause: rs.metadata?.annotations?.[ANNOTATIONS.changeCause] ?? '',
    rollbackOf: history.length > 0 ? history[history.length - 1] : null,
    handle: rs.metadata?.name ?? '',
  };
}

/** healthy: some pod ready; unhealthy: pods wanted but none ready; stopped: scaled to zero. */
function revisionStatus(rs: V1ReplicaSet): RevisionStatus {
  if ((rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0) return 'stopped';
  return (rs.status?.readyReplicas ?? 0) > 0 ? 'healthy' : 'unhealthy';
}

function digestOf(reference: string): string | undefined {
  return /@(sha256:[0-9a-f]{64})$/.exec(reference)?.[1];
}
