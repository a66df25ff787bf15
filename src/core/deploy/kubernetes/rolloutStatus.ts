import type { V1Deployment, V1DeploymentCondition } from '@kubernetes/client-node';
import { revisionOf } from './replicaSetRevisions';

export type RolloutState =
  | { state: 'waiting'; message: string }
  | { state: 'done'; message: string }
  /** the Deployment reports failure (Progressing False, ProgressDeadlineExceeded), or it runs another revision */
  | { state: 'failed'; message: string; condition?: V1DeploymentCondition };

export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

/**
 * DeploymentStatusViewer.Status (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), the
 * logic of `kubectl rollout status`, with its messages. `revision` > 0 also requires the
 * Deployment to be at that revision.
 */
export function rolloutStatus(deployment: V1Deployment, revision = 0): RolloutState {
  const name = deployment.metadata?.name ?? '';
  if (revision > 0) {
    const current = revisionOf(deployment);
    if (current === undefined) return { state: 'failed', message: `cannot get the revision of deployment "${name}"` };
    if (current !== revision) return { state: 'failed', message: `desired revision (${revision}) is different from the running revision (${current})` };
  }
  const status = deployment.status ?? {};
  if ((deployment.metadata?.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const condition = status.conditions?.find((c) => c.type === 'Progressing');
    if (condition?.reason === TIMED_OUT_REASON) return { state: 'failed', message: `deployment "${name}" exceeded its progress deadline`, condition };
    const wanted = deployment.spec?.replicas;
    const updated = status.updatedReplicas ?? 0;
    const total = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (wanted !== undefined && updated < wanted) {
      return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${wanted} new replicas have been updated...` };
    }
    if (total > updated) {
      return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...` };
    }
    if (available < updated) {
      return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...` };
    }
    return { state: 'done', message: `deployment "${name}" successfully rolled out` };
  }
  return { state: 'waiting', message: 'Waiting for deployment spec update to be observed...' };
}
