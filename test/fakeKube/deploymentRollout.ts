import type { ControllerContext } from './controllerContext';
import {
  byCreation, byRevision, DESIRED_REPLICAS_ANNOTATION, maxSurge, maxUnavailable, MAX_REPLICAS_ANNOTATION,
  setReplicasAnnotations, specReplicas,
} from './deploymentUtil';
import { deleteObject } from './garbageCollector';
import type { Deployment, ReplicaSet } from './kubeTypes';
import { clone } from './kubeTypes';
import { updateAs } from './objectUpdates';
import { resourceByKind } from './resources';

// How the deployment controller moves replicas between ReplicaSets, ported from
// pkg/controller/deployment/rolling.go (reconcileNewReplicaSet, reconcileOldReplicaSets,
// cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate), recreate.go and sync.go
// (scale with proportional scaling, scaleReplicaSet, cleanupDeployment).

const replicaSets = () => resourceByKind('ReplicaSet');

function active(list: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return list.filter((rs): rs is ReplicaSet => rs !== undefined && rs.spec.replicas > 0);
}

/** scaleReplicaSet: new size and desired/max annotations in one update; a ScalingReplicaSet event when the size changed. */
export function scaleReplicaSet(ctx: ControllerContext, rs: ReplicaSet, newScale: number, d: Deployment): { scaled: boolean; rs: ReplicaSet } {
  const sizeChanged = rs.spec.replicas !== newScale;
  const max = d.spec.replicas + maxSurge(d);
  const annotationsChanged = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] !== String(d.spec.replicas) ||
    rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION] !== String(max);
  if (!sizeChanged && !annotationsChanged) return { scaled: false, rs };
  const copy = clone(rs);
  const oldScale = copy.spec.replicas;
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, d.spec.replicas, max);
  const updated = updateAs(ctx.store, replicaSets(), copy, 'resource') as ReplicaSet;
  if (sizeChanged) {
    const operation = newScale > oldScale ? 'up' : 'down';
    ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`, { component: 'deployment-controller' });
  }
  return { scaled: sizeChanged, rs: updated };
}

function scaleAndRecord(ctx: ControllerContext, rs: ReplicaSet, newScale: number, d: Deployment): { scaled: boolean; rs: ReplicaSet } {
  if (rs.spec.replicas === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d);
}

/** NewRSNewReplicas */
export function newRSNewReplicas(d: Deployment, allRSs: (ReplicaSet | undefined)[], newRSReplicas: number): number {
  if (d.spec.strategy.type === 'Recreate') return d.spec.replicas;
  const maxTotal = d.spec.replicas + maxSurge(d);
  const current = specReplicas(allRSs);
  if (current >= maxTotal) return newRSReplicas;
  return newRSReplicas + Math.min(maxTotal - current, d.spec.replicas - newRSReplicas);
}

function reconcileNewReplicaSet(ctx: ControllerContext, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): boolean {
  if (newRS.spec.replicas === d.spec.replicas) return false;
  if (newRS.spec.replicas > d.spec.replicas) return scaleAndRecord(ctx, newRS, d.spec.replicas, d).scaled;
  return scaleAndRecord(ctx, newRS, newRSNewReplicas(d, allRSs, newRS.spec.replicas), d).scaled;
}

function reconcileOldReplicaSets(ctx: ControllerContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): boolean {
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = d.spec.replicas - maxUnavailable(d);
  const newRSUnavailable = newRS.spec.replicas - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  // old replicas that are not available go first: removing them costs no availability
  let cleaned = 0;
  const olds = [...oldRSs].sort(byCreation);
  for (let i = 0; i < olds.length && cleaned < maxScaledDown; i++) {
    const rs = olds[i];
    const unavailable = rs.spec.replicas - (rs.status?.availableReplicas ?? 0);
    if (rs.spec.replicas === 0 || unavailable <= 0) continue;
    const count = Math.min(maxScaledDown - cleaned, unavailable);
    olds[i] = scaleAndRecord(ctx, rs, rs.spec.replicas - count, d).rs;
    cleaned += count;
  }
  const available = [...olds, newRS].reduce((sum, rs) => sum + (rs.status?.availableReplicas ?? 0), 0);
  let scaledDown = 0;
  if (available > minAvailable) {
    const toScaleDown = available - minAvailable;
    for (const rs of olds) {
      if (scaledDown >= toScaleDown) break;
      if (rs.spec.replicas === 0) continue;
      const count = Math.min(rs.spec.replicas, toScaleDown - scaledDown);
      scaleAndRecord(ctx, rs, rs.spec.replicas - count, d);
      scaledDown += count;
    }
  }
  return cleaned + scaledDown > 0;
}

/** rolloutRolling's scaling step; true when something was scaled (the status is then synced as is). */
export function rollRollingUpdate(ctx: ControllerContext, d: Deployment, newRS: ReplicaSet, oldRSs: ReplicaSet[]): boolean {
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(ctx, allRSs, newRS, d)) return true;
  return reconcileOldReplicaSets(ctx, allRSs, active(oldRSs), newRS, d);
}

/** rolloutRecreate's first step: every old ReplicaSet to zero. */
export function scaleDownOldForRecreate(ctx: ControllerContext, d: Deployment, oldRSs: ReplicaSet[]): boolean {
  let scaled = false;
  for (const rs of active(oldRSs)) scaled = scaleAndRecord(ctx, rs, 0, d).scaled || scaled;
  return scaled;
}

export function scaleUpNewForRecreate(ctx: ControllerContext, d: Deployment, newRS: ReplicaSet): boolean {
  return scaleAndRecord(ctx, newRS, d.spec.replicas, d).scaled;
}

/** FindActiveOrLatest */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  const olds = [...oldRSs].sort(byCreation).reverse();
  const all = active([...olds, newRS]);
  if (all.length === 0) return newRS ?? olds[0];
  return all.length === 1 ? all[0] : undefined;
}

/** scale: resizes on a scaling event, proportionally across active ReplicaSets during a rollout. */
export function scale(ctx: ControllerContext, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const target = findActiveOrLatest(newRS, oldRSs);
  if (target) {
    if (target.spec.replicas !== d.spec.replicas) scaleAndRecord(ctx, target, d.spec.replicas, d);
    return;
  }
  const desired = Number(newRS?.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
  if (newRS && newRS.spec.replicas === d.spec.replicas && desired === d.spec.replicas && newRS.status?.availableReplicas === d.spec.replicas) {
    for (const rs of active(oldRSs)) scaleAndRecord(ctx, rs, 0, d);
    return;
  }
  if (d.spec.strategy.type !== 'RollingUpdate') return;
  const all = active([...oldRSs, newRS]);
  const allowed = d.spec.replicas > 0 ? d.spec.replicas + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  // scale up the newest first, scale down the oldest first (ReplicaSetsBySizeNewer/Older)
  all.sort((a, b) => (b.spec.replicas - a.spec.replicas) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of all) {
    let proportion = 0;
    if (toAdd !== 0 && toAdd !== added) {
      const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]) || d.status.replicas || 1;
      const fraction = d.spec.replicas === 0 ? -rs.spec.replicas : Math.round((rs.spec.replicas * allowed) / annotated) - rs.spec.replicas;
      proportion = toAdd > 0 ? Math.min(fraction, toAdd - added) : Math.max(fraction, toAdd - added);
    }
    sizes.set(rs.metadata.name, rs.spec.replicas + proportion);
    added += proportion;
  }
  all.forEach((rs, i) => {
    let size = sizes.get(rs.metadata.name)!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    scaleReplicaSet(ctx, rs, size, d);
  });
}

/** cleanupDeployment: keeps the newest revisionHistoryLimit old ReplicaSets that are scaled to zero. */
export function cleanupDeployment(ctx: ControllerContext, oldRSs: ReplicaSet[], d: Deployment): void {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === 2147483647) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - limit;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if ((rs.status?.replicas ?? 0) !== 0 || rs.spec.replicas !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    deleteObject(ctx.store, ctx.now, replicaSets(), rs.metadata.namespace ?? 'default', rs.metadata.name, 'Background');
  }
}
