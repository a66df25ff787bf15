import type { ControllerContext } from './controllerContext';
import {
  deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline, maxUnavailable,
  newCondition, progressDeadlineAt, Reasons, removeCondition, setCondition, specReplicas,
} from './deploymentUtil';
import type { Deployment, DeploymentStatus, ReplicaSet } from './kubeTypes';
import { clone, omitZero } from './kubeTypes';
import { updateAs } from './objectUpdates';
import { resourceByKind } from './resources';
import { semanticEqual } from './semantic';

// A Deployment's status and conditions, ported from pkg/controller/deployment/sync.go
// (calculateStatus, syncDeploymentStatus, checkPausedConditions) and progress.go
// (syncRolloutStatus, requeueStuckDeployment).

const deployments = () => resourceByKind('Deployment');

export function calculateStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const present = allRSs.filter((rs): rs is ReplicaSet => rs !== undefined);
  const available = present.reduce((sum, rs) => sum + (rs.status?.availableReplicas ?? 0), 0);
  const total = specReplicas(present);
  const status: DeploymentStatus = omitZero({
    observedGeneration: d.metadata.generation,
    replicas: present.reduce((sum, rs) => sum + (rs.status?.replicas ?? 0), 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: present.reduce((sum, rs) => sum + (rs.status?.readyReplicas ?? 0), 0),
    availableReplicas: available,
    // negative while scaling down with more available than desired: reported as zero
    unavailableReplicas: Math.max(0, total - available),
    conditions: clone(d.status.conditions ?? []),
    ...(d.status.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  }, ['collisionCount']);
  if (available >= d.spec.replicas - maxUnavailable(d)) {
    setCondition(status, newCondition(now, 'Available', 'True', Reasons.MinimumReplicasAvailable, 'Deployment has minimum availability.'));
  } else {
    setCondition(status, newCondition(now, 'Available', 'False', Reasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.'));
  }
  return status;
}

function writeStatus(ctx: ControllerContext, d: Deployment, status: DeploymentStatus): Deployment {
  if (semanticEqual(d.status, status)) return d;
  return updateAs(ctx.store, deployments(), { ...d, status }, 'status') as Deployment;
}

/** syncDeploymentStatus: status without progress estimation (scaling events, paused deployments). */
export function syncDeploymentStatus(ctx: ControllerContext, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Deployment {
  return writeStatus(ctx, d, calculateStatus(allRSs, newRS, d, ctx.now()));
}

/** syncRolloutStatus: status plus the Progressing condition, and a wake-up for the progress deadline. */
export function syncRolloutStatus(ctx: ControllerContext, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Deployment {
  const now = ctx.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === Reasons.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(status, newCondition(now, 'Progressing', 'True', Reasons.NewReplicaSetAvailable, msg));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const condition = newCondition(now, 'Progressing', 'True', Reasons.ReplicaSetUpdated, msg);
      // unlike other conditions, Progressing gets a new lastUpdateTime on every sign of progress
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(status, newCondition(now, 'Progressing', 'False', Reasons.ProgressDeadlineExceeded, msg));
    }
  }
  const written = writeStatus(ctx, d, status);
  // requeueStuckDeployment: look again once the deadline has passed (plus the upstream's extra second)
  const deadline = progressDeadlineAt(written, written.status);
  if (deadline !== undefined && !deploymentComplete(written, written.status)) ctx.wakeAt(deadline + 1000);
  return written;
}

/** checkPausedConditions: Progressing Unknown with DeploymentPaused / DeploymentResumed. */
export function checkPausedConditions(ctx: ControllerContext, d: Deployment): Deployment {
  if (!hasProgressDeadline(d)) return d;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reasons.ProgressDeadlineExceeded) return d;
  const pausedCondExists = cond?.reason === Reasons.DeploymentPaused;
  const status = clone(d.status);
  if (d.spec.paused && !pausedCondExists) {
    setCondition(status, newCondition(ctx.now(), 'Progressing', 'Unknown', Reasons.DeploymentPaused, 'Deployment is paused'));
  } else if (!d.spec.paused && pausedCondExists) {
    setCondition(status, newCondition(ctx.now(), 'Progressing', 'Unknown', Reasons.DeploymentResumed, 'Deployment is resumed'));
  } else return d;
  return writeStatus(ctx, d, status);
}
