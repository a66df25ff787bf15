import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { DeployError } from '../deployError';
import { ANNOTATIONS } from './kubeLabels';
import { equalIgnoreHash, withoutHash } from './podTemplates';

// A Deployment's revisions are its ReplicaSets (k8s.io/kubectl/pkg/util/deployment): the ones it
// controls (ownerReferences with controller: true and its uid), numbered by their
// `deployment.kubernetes.io/revision` annotation.

/** The ReplicaSets `deployment` controls, oldest revision first. */
export function ownedReplicaSets(deployment: V1Deployment, replicaSets: V1ReplicaSet[]): V1ReplicaSet[] {
  const uid = deployment.metadata?.uid;
  return replicaSets
    .filter((rs) => rs.metadata?.ownerReferences?.some((ref) => ref.controller === true && ref.uid === uid))
    .sort((a, b) => (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0));
}

/** deploymentutil.Revision: the annotation as an integer, undefined when absent or malformed. */
export function revisionOf(object: V1Deployment | V1ReplicaSet): number | undefined {
  const text = object.metadata?.annotations?.[ANNOTATIONS.revision];
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  return Number(text);
}

/** The revisions a ReplicaSet had before a rollback adopted it (`revision-history`, comma-separated). */
export function earlierRevisions(rs: V1ReplicaSet): number[] {
  const text = rs.metadata?.annotations?.[ANNOTATIONS.revisionHistory];
  return text ? text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n)) : [];
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's, i.e. the current revision. */
export function currentReplicaSet(deployment: V1Deployment, owned: V1ReplicaSet[]): V1ReplicaSet | undefined {
  const byAge = [...owned].sort((a, b) => time(a) - time(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  return byAge.find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}

function time(rs: V1ReplicaSet): number {
  const created = rs.metadata?.creationTimestamp;
  return created ? new Date(created).getTime() : 0;
}

/** kubectl's message for a revision that is not kept. */
export function revisionNotFound(revision: number): DeployError {
  return new DeployError('NOT_FOUND', `unable to find specified revision ${revision} in history`);
}

/**
 * deploymentRevision (kubectl rollback.go): `toRevision` 0 means the previous revision, the second
 * highest number; otherwise the ReplicaSet with exactly that number.
 */
export function replicaSetForRevision(deploymentName: string, owned: V1ReplicaSet[], toRevision: number): V1ReplicaSet {
  if (toRevision < 0 || !Number.isInteger(toRevision)) throw revisionNotFound(toRevision);
  let latest: V1ReplicaSet | undefined;
  let latestRevision = -1;
  let previous: V1ReplicaSet | undefined;
  let previousRevision = -1;
  for (const rs of owned) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < revision) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = revision;
        latest = rs;
      } else if (previousRevision < revision) {
        previousRevision = revision;
        previous = rs;
      }
    } else if (revision === toRevision) return rs;
  }
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous) throw new DeployError('NOT_FOUND', `no rollout history found for deployment "${deploymentName}"`);
  return previous;
}

/** Annotations a rollback keeps from the Deployment instead of copying them from the ReplicaSet (annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set<string>([
  ANNOTATIONS.lastApplied, ANNOTATIONS.revision, ANNOTATIONS.revisionHistory, ANNOTATIONS.desiredReplicas, ANNOTATIONS.maxReplicas, ANNOTATIONS.deprecatedRollbackTo,
]);

export interface JsonPatchOperation {
  op: 'replace';
  path: string;
  value: unknown;
}

/**
 * getDeploymentPatch (kubectl rollback.go): a JSON patch replacing the pod template with the
 * revision's (hash label removed) and the annotations with the revision's, change cause
 * included, but for the skipped ones, which stay the Deployment's.
 */
export function rollbackPatch(deployment: V1Deployment, rs: V1ReplicaSet, changeCause?: string): JsonPatchOperation[] {
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  // ours marks the ReplicaSet that served; copied to the Deployment it would mark the next new one too
  for (const [key, value] of Object.entries(rs.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key) && key !== ANNOTATIONS.servedAt) annotations[key] = value;
  if (changeCause) annotations[ANNOTATIONS.changeCause] = changeCause;
  return [
    { op: 'replace', path: '/spec/template', value: withoutHash(rs.spec?.template) },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
}
