import { PatchStrategy, type V1Deployment, type V1ReplicaSet } from '@kubernetes/client-node';
import { describeError } from '../../tracking/errors';
import { DeployError, abortError } from '../deployError';
import type { RolloutCall, RolloutStep } from '../deploymentTarget';
import type { ClusterAccess } from './clusterAccess';
import { loadDeployment } from './deploymentObjects';
import { progressDeadlineSeconds } from './deploymentManifest';
import { kubeCall } from './kubeCall';
import { ANNOTATIONS } from './kubeLabels';
import { currentReplicaSet, ownedReplicaSets, revisionOf, rollbackPatch } from './replicaSetRevisions';
import { describeRolloutFailure, failureText } from './rolloutFailure';
import { waitForRollout } from './rolloutWait';

const CLEANUP_MS = 60_000;

export interface RolloutContext {
  access: ClusterAccess;
  name: string;
  /** "Revision 3 of 'iris' (iris v3)", for messages, once the revision number is known */
  describe: (revision: number) => string;
  /** the ReplicaSet that served before the change, what an automatic rollback returns to */
  before: V1ReplicaSet | undefined;
  /** the number the new revision should get (the controller numbers it), for progress before it is known */
  expected: number;
  /** the Service port, for progress messages */
  port: number;
  /** replicas to scale to when a rollback revives a stopped deployment */
  replicas: number;
}

/**
 * Waits for the rollout a change started (`kubectl rollout status`), marks the revision as served
 * when it completes, and when it fails collects why and, with policy.autoRollback, undoes it to
 * the revision that served before. Resolves with the new revision number.
 */
export async function followRollout(ctx: RolloutContext, call: RolloutCall): Promise<number> {
  const { access, name, before } = ctx;
  const progress = (step: RolloutStep) => call.onProgress?.(step);
  // where the revision answers inside the cluster; 'starting' (a trial port) has no meaning here, so it is not reported
  const target = `http://${name}.${access.namespace}.svc:${ctx.port}`;
  let revision = ctx.expected;
  const outcome = await waitForRollout(access, name, {
    signal: call.signal,
    timeoutMs: waitBound(call, ctx.replicas),
    onMessage: (message) => progress({ step: 'waitingHealthy', revision, url: target, detail: message }),
  });
  revision = revisionOf(outcome.deployment) ?? 0;
  const objects = await loadDeployment(access, name, call.signal);
  const owned = objects ? ownedReplicaSets(objects.deployment, objects.replicaSets) : [];
  const made = objects ? currentReplicaSet(objects.deployment, owned) : undefined;
  revision = (made && revisionOf(made)) ?? revision;
  if (outcome.state.state === 'done') {
    if (made) await markServed(access, made, call.signal);
    progress({ step: 'done', revision });
    return revision;
  }

  const failure = await describeRolloutFailure(access, outcome.state, outcome.deployment, made);
  const why = failureText(failure);
  const what = `${ctx.describe(revision)} did not become available`;
  const previous = before && made && before.metadata?.uid !== made.metadata?.uid ? before : undefined;
  if (!call.policy.autoRollback) {
    const serving = previous ? `Revision ${revisionOf(previous)} keeps serving where its pods still run` : 'Nothing served before';
    throw new DeployError('UNHEALTHY', `${what}: ${why} ${serving}; revision ${revision} is left as it is for inspection (automatic rollback is off). Roll back with Rollback, or kubectl rollout undo deployment/${name} -n ${access.namespace}.`, { logTail: failure.logTail });
  }
  progress({ step: 'rollingBack', revision, to: previous ? revisionOf(previous) ?? null : null, reason: why });
  const undone = await undoFailed(ctx, outcome.deployment, previous, call);
  throw new DeployError('UNHEALTHY', `${what}: ${why} ${undone}`, { logTail: failure.logTail });
}

/** Our bound on the wait besides the progress deadline: each replica may take a deadline, plus slack. */
function waitBound(call: RolloutCall, replicas: number): number {
  return (Math.max(1, replicas) + 2) * progressDeadlineSeconds(call.policy) * 1000 + 60_000;
}

/** The automatic rollback, on its own timeout so a cancel that came during the failed rollout still restores; says what happened. */
async function undoFailed(ctx: RolloutContext, failed: V1Deployment, previous: V1ReplicaSet | undefined, call: RolloutCall): Promise<string> {
  const { access, name } = ctx;
  const signal = AbortSignal.timeout(CLEANUP_MS + progressDeadlineSeconds(call.policy) * 1000 * 2);
  try {
    if (!previous) {
      await kubeCall(access, `scale deployment '${name}' to zero`, signal, (o) => access.apps.patchNamespacedDeployment({ name, namespace: access.namespace, body: { spec: { replicas: 0 } } }, o), PatchStrategy.MergePatch);
      return `Nothing served before, so it was scaled to zero (automatic rollback); fix the image or the model and deploy again.`;
    }
    const from = revisionOf(previous);
    await kubeCall(access, `roll deployment '${name}' back to revision ${from}`, signal, (o) => access.apps.patchNamespacedDeployment({
      name, namespace: access.namespace, body: rollbackPatch(failed, previous, previous.metadata?.annotations?.[ANNOTATIONS.changeCause]),
    }, o), PatchStrategy.JsonPatch);
    const back = await waitForRollout(access, name, { signal, timeoutMs: waitBound(call, ctx.replicas) });
    const now = revisionOf(back.deployment);
    if (back.state.state === 'done') return `It was rolled back automatically: revision ${now} (the spec of revision ${from}) serves again.`;
    return `The automatic rollback to revision ${from} did not complete either: ${back.state.message}. Look at the pods (kubectl get pods -n ${access.namespace}).`;
  } catch (error) {
    if (call.signal.aborted && !signal.aborted) throw abortError(call.signal);
    return `The automatic rollback failed: ${describeError(error)}. Roll back by hand (kubectl rollout undo deployment/${name} -n ${access.namespace}).`;
  }
}

/** Remembers on the ReplicaSet that its rollout completed (see ANNOTATIONS.servedAt); best effort. */
export async function markServed(access: ClusterAccess, rs: V1ReplicaSet, signal: AbortSignal): Promise<void> {
  if (rs.metadata?.annotations?.[ANNOTATIONS.servedAt]) return;
  const name = rs.metadata?.name ?? '';
  await kubeCall(access, `annotate replica set '${name}'`, signal, (o) => access.apps.patchNamespacedReplicaSet({
    name, namespace: access.namespace, body: { metadata: { annotations: { [ANNOTATIONS.servedAt]: new Date().toISOString() } } },
  }, o), PatchStrategy.MergePatch).catch(() => undefined);
}
