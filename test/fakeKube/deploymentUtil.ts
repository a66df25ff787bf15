import type { Condition, Deployment, DeploymentStatus, IntOrString, ReplicaSet } from './kubeTypes';
import { formatTime, parseTime } from './kubeTypes';
import { equalIgnoreHash } from './templateHash';

// Ports of pkg/controller/deployment/util/deployment_util.go (kubernetes/kubernetes), the helpers
// the deployment controller and kubectl's rollout commands agree on.

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** sync.go maxRevHistoryLengthInChars */
const MAX_REV_HISTORY_CHARS = 2000;

export const Reasons = {
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** annotationsToSkip: never copied from a Deployment to its ReplicaSets (nor back on rollback). */
export const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

/** Revision: the revision annotation as a number, 0 when absent, NaN when unparseable. */
export function revisionOf(object: { metadata: { annotations?: Record<string, string> } }): number {
  const value = object.metadata.annotations?.[REVISION_ANNOTATION];
  if (value === undefined) return 0;
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

export function maxRevision(replicaSets: ReplicaSet[]): number {
  return replicaSets.reduce((max, rs) => {
    const v = revisionOf(rs);
    return Number.isNaN(v) ? max : Math.max(max, v);
  }, 0);
}

/** controller.ReplicaSetsByCreationTimestamp: oldest first, name breaks ties. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return (parseTime(a.metadata.creationTimestamp) ?? 0) - (parseTime(b.metadata.creationTimestamp) ?? 0) || a.metadata.name.localeCompare(b.metadata.name);
}

/** ReplicaSetsByRevision: lowest revision first, creation time breaks ties. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  return ra === rb ? byCreation(a, b) : ra - rb;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's, ignoring the hash. */
export function findNewReplicaSet(d: Deployment, replicaSets: ReplicaSet[]): ReplicaSet | undefined {
  return [...replicaSets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision, keep the old one in revision-history. */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldRevisionText = annotations[REVISION_ANNOTATION];
  const oldRevision = oldRevisionText === undefined ? 0 : Number(oldRevisionText);
  if (Number.isNaN(oldRevision)) return false;
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevisionText !== undefined) {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      if (!history) annotations[REVISION_HISTORY_ANNOTATION] = oldRevisionText;
      else {
        const entries = history.split(',');
        while (entries.length > 0 && entries.join(',').length + oldRevisionText.length + 1 > MAX_REV_HISTORY_CHARS) entries.shift();
        annotations[REVISION_HISTORY_ANNOTATION] = [...entries, oldRevisionText].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, d.spec.replicas, d.spec.replicas + maxSurge(d))) changed = true;
  return changed;
}

export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/** intstr.GetScaledValueFromIntOrPercent */
function scaled(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: surge rounds up, unavailability down, and both zero means one unavailable. */
export function resolveFenceposts(d: Deployment): { surge: number; unavailable: number } {
  const rolling = d.spec.strategy.rollingUpdate;
  const surge = scaled(rolling?.maxSurge, d.spec.replicas, true);
  let unavailable = scaled(rolling?.maxUnavailable, d.spec.replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  return d.spec.strategy.type === 'RollingUpdate' ? resolveFenceposts(d).surge : 0;
}

export function maxUnavailable(d: Deployment): number {
  if (d.spec.strategy.type !== 'RollingUpdate' || d.spec.replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, d.spec.replicas);
}

export function specReplicas(replicaSets: (ReplicaSet | undefined)[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.spec.replicas ?? 0), 0);
}

export function getCondition(status: DeploymentStatus, type: string): Condition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

export function newCondition(now: number, type: string, status: Condition['status'], reason: string, message: string): Condition {
  const at = formatTime(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps lastTransitionTime. */
export function setCondition(status: DeploymentStatus, condition: Condition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  if (current && current.status === condition.status) condition.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), condition];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
}

/** HasProgressDeadline: set and not math.MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  return d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;
}

/** DeploymentComplete */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  return s.updatedReplicas === d.spec.replicas && s.replicas === d.spec.replicas && s.availableReplicas === d.spec.replicas && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status;
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** When the Progressing condition's deadline passes (DeploymentTimedOut: `from.Add(delta).Before(now)`). */
export function progressDeadlineAt(d: Deployment, s: DeploymentStatus): number | undefined {
  const cond = getCondition(s, 'Progressing');
  if (!hasProgressDeadline(d) || !cond || cond.reason === Reasons.NewReplicaSetAvailable || cond.reason === Reasons.ProgressDeadlineExceeded) return undefined;
  const from = parseTime(cond.lastUpdateTime);
  return from === undefined ? undefined : from + d.spec.progressDeadlineSeconds! * 1000;
}

export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  const cond = getCondition(s, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return false;
  if (cond.reason === Reasons.NewReplicaSetAvailable) return false;
  if (cond.reason === Reasons.ProgressDeadlineExceeded) return true;
  const at = progressDeadlineAt(d, s);
  return at !== undefined && at < now;
}
