import { PatchStrategy, type V1ReplicaSet } from '@kubernetes/client-node';
import { DeployError, abortError } from '../deployError';
import { portProblem, requireDeploymentName } from '../deploymentName';
import type {
  DeployRequest, DeploymentSummary, DeploymentTarget, InvocationResult, LogCall, RolloutCall, RolloutResult, Subscription, TargetCall, TargetInfo,
} from '../deploymentTarget';
import type { ClusterAccess } from './clusterAccess';
import { CONTAINER_NAME, DEFAULT_WORKLOAD, type WorkloadSettings, deploymentManifest, serviceManifest } from './deploymentManifest';
import { type EventSummary, type PodSummary, eventSummaries, podSummaries } from './deploymentDetails';
import { loadAllDeployments, loadDeployment, noSuchDeployment, requireDeployment } from './deploymentObjects';
import { watchManagedDeployments } from './deploymentsWatch';
import { applyDeployment, applyService, readDeployment, requireManaged } from './deploymentWrites';
import { kubeCall, statusCode } from './kubeCall';
import { changeCauseText } from './kubeLabels';
import { type RolloutContext, followRollout, markServed } from './kubeRollout';
import { equalIgnoreHash } from './podTemplates';
import { podLogStreamFor } from './revisionPods';
import { currentReplicaSet, ownedReplicaSets, replicaSetForRevision, revisionOf, rollbackPatch } from './replicaSetRevisions';
import { type DeploymentObjects, deploymentSummary } from './revisionList';
import { invokeThroughForward } from './serviceInvoke';

/**
 * Deployments in one namespace of one cluster: a Deployment and a Service per deployment, its
 * ReplicaSets as the revisions, with kubectl's semantics for `rollout status`, `rollout undo` and
 * `rollout history`. Everything is read back from the cluster; nothing is kept here.
 */
export class KubernetesTarget implements DeploymentTarget {
  readonly kind = 'kubernetes' as const;
  readonly description: string;
  readonly location: string;
  readonly workload: WorkloadSettings;

  constructor(readonly access: ClusterAccess, workload: Partial<WorkloadSettings> = {}) {
    this.description = `the Kubernetes cluster of context '${access.context}' (${access.server}), namespace '${access.namespace}'`;
    this.location = `${access.context}/${access.namespace}`;
    this.workload = { ...DEFAULT_WORKLOAD, ...workload };
  }

  async check({ signal }: TargetCall): Promise<TargetInfo> {
    try {
      const info = await kubeCall(this.access, 'report its version', signal, (o) => this.access.version.getCode(o));
      return { version: `Kubernetes ${info.gitVersion}` };
    } catch (error) {
      if (error instanceof DeployError && error.code !== 'TARGET_UNAVAILABLE') throw new DeployError('TARGET_UNAVAILABLE', error.message, error.details);
      throw error;
    }
  }

  async list({ signal }: TargetCall): Promise<DeploymentSummary[]> {
    return (await loadAllDeployments(this.access, signal)).map(deploymentSummary);
  }

  async history(name: string, { signal }: TargetCall): Promise<DeploymentSummary> {
    const summary = deploymentSummary(await requireDeployment(this.access, name, signal));
    if (summary.revisions.length === 0) throw new DeployError('NOT_FOUND', `Deployment '${name}' has no revisions yet (${this.description}).`);
    return summary;
  }

  async deploy(request: DeployRequest, call: RolloutCall): Promise<RolloutResult> {
    const started = Date.now();
    const name = requireDeploymentName(request.name);
    const problem = request.port === undefined ? undefined : portProblem(request.port);
    if (problem) throw new DeployError('INVALID_ARGUMENT', problem);
    if (!request.image.trim()) throw new DeployError('INVALID_ARGUMENT', 'A deployment needs an image: a reference the cluster can pull, e.g. registry.example.com/iris:3.');
    call.onProgress?.({ step: 'checking', name });
    await this.check(call);
    const before = await this.objects(name, call.signal);
    const port = request.port ?? before?.service?.spec?.ports?.[0]?.port ?? this.workload.containerPort;
    const model = request.model;
    const manifest = deploymentManifest({
      name, namespace: this.access.namespace, image: request.image.trim(), model, changeCause: changeCauseText(request), policy: call.policy, workload: this.workload,
    });
    const ctx = this.rolloutContext(name, before, port, (owned, current) => {
      const same = owned.find((rs) => equalIgnoreHash(rs.spec?.template, manifest.spec?.template));
      return same && same === current ? revisionOf(same) ?? 0 : maxRevision(owned) + 1;
    }, model ? ` (${model.name} v${model.version})` : ` (${request.image.trim()})`);
    // a revision rolled out by other means (kubectl set image) is remembered as served before it stops being current
    if (ctx.before) await markServed(this.access, ctx.before, call.signal);
    await applyService(this.access, serviceManifest(name, this.access.namespace, model, port), call.signal);
    await applyDeployment(this.access, manifest, call.signal);
    return this.result(name, await followRollout(ctx, call), ctx.before, started, call.signal);
  }

  async rollback(name: string, toRevision: number | undefined, call: RolloutCall & { changeCause?: string }): Promise<RolloutResult> {
    const started = Date.now();
    call.onProgress?.({ step: 'checking', name });
    await this.check(call);
    const objects = await requireDeployment(this.access, name, call.signal);
    const { deployment } = objects;
    requireManaged(this.access, deployment, 'Deployment');
    const owned = ownedReplicaSets(deployment, objects.replicaSets);
    // kubectl's order: find the revision, refuse a paused Deployment, skip when nothing would change
    const target = replicaSetForRevision(name, owned, toRevision ?? 0);
    if (deployment.spec?.paused) {
      throw new DeployError('INVALID_ARGUMENT', `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`);
    }
    const targetRevision = revisionOf(target) ?? 0;
    if (equalIgnoreHash(target.spec?.template, deployment.spec?.template)) {
      const summary = deploymentSummary(objects);
      const current = summary.revisions.find((r) => r.handle === target.metadata?.name) ?? summary.revisions[0];
      // kubectl prints the number asked for (0 for "previous"); the actual number says more
      return { revision: current, previous: current, elapsedMs: Date.now() - started, skipped: `skipped rollback (current template already matches revision ${toRevision ?? targetRevision})` };
    }
    const patch: unknown[] = rollbackPatch(deployment, target, call.changeCause?.trim() || undefined);
    // a stopped deployment rolled back is meant to serve again
    if ((deployment.spec?.replicas ?? 0) === 0) patch.push({ op: 'replace', path: '/spec/replicas', value: this.workload.replicas });
    const port = objects.service?.spec?.ports?.[0]?.port ?? this.workload.containerPort;
    const ctx = this.rolloutContext(name, objects, port, (all) => maxRevision(all) + 1, ` (the spec of revision ${targetRevision})`);
    if (ctx.before) await markServed(this.access, ctx.before, call.signal);
    await kubeCall(this.access, `roll deployment '${name}' back to revision ${targetRevision}`, call.signal,
      (o) => this.access.apps.patchNamespacedDeployment({ name, namespace: this.access.namespace, body: patch }, o), PatchStrategy.JsonPatch);
    return this.result(name, await followRollout(ctx, call), ctx.before, started, call.signal);
  }

  async logs(name: string, call: LogCall): Promise<void> {
    const objects = await requireDeployment(this.access, name, call.signal);
    const owned = ownedReplicaSets(objects.deployment, objects.replicaSets);
    const rs = call.revision === undefined ? currentReplicaSet(objects.deployment, owned) : owned.find((r) => revisionOf(r) === call.revision);
    if (!rs) throw new DeployError('NOT_FOUND', call.revision === undefined ? `'${name}' has no current revision yet.` : `'${name}' has no revision ${call.revision}.`);
    await podLogStreamFor(this.access, objects, rs, CONTAINER_NAME, call);
  }

  async invoke(name: string, body: string, call: TargetCall & { timeoutMs: number }): Promise<InvocationResult> {
    const deployment = await readDeployment(this.access, name, call.signal);
    if (!deployment) throw noSuchDeployment(this.access, name);
    if ((deployment.status?.availableReplicas ?? 0) === 0) {
      throw new DeployError('NOT_FOUND', `'${name}' is not serving: no pod of it is available (${deployment.spec?.replicas === 0 ? 'it is stopped' : 'its rollout has not completed'}). Deploy or roll back first.`);
    }
    return invokeThroughForward(this.access, name, body, call.signal, call.timeoutMs);
  }

  async stop(name: string, { signal }: TargetCall): Promise<void> {
    const deployment = await readDeployment(this.access, name, signal);
    if (!deployment) throw noSuchDeployment(this.access, name);
    requireManaged(this.access, deployment, 'Deployment');
    await kubeCall(this.access, `scale deployment '${name}' to zero`, signal,
      (o) => this.access.apps.patchNamespacedDeployment({ name, namespace: this.access.namespace, body: { spec: { replicas: 0 } } }, o), PatchStrategy.MergePatch);
  }

  async remove(name: string, { signal }: TargetCall): Promise<void> {
    const deployment = await readDeployment(this.access, name, signal);
    if (!deployment) throw noSuchDeployment(this.access, name);
    requireManaged(this.access, deployment, 'Deployment');
    const namespace = this.access.namespace;
    // Background: the garbage collector removes the ReplicaSets and pods the Deployment owns
    await kubeCall(this.access, `delete deployment '${name}'`, signal, (o) => this.access.apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: 'Background' }, o));
    try {
      await kubeCall(this.access, `delete service '${name}'`, signal, (o) => this.access.core.deleteNamespacedService({ name, namespace }, o));
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
    }
  }

  /** The deployment's pods with their revision, readiness, restarts and status (for the Deployments view). */
  async pods(name: string, { signal }: TargetCall): Promise<PodSummary[]> {
    const objects = await requireDeployment(this.access, name, signal);
    return podSummaries(objects.pods, ownedReplicaSets(objects.deployment, objects.replicaSets));
  }

  /** Recent events of the deployment, its ReplicaSets and pods, newest first (`kubectl describe`'s Events). */
  async events(name: string, { signal, limit = 20 }: TargetCall & { limit?: number }): Promise<EventSummary[]> {
    const objects = await requireDeployment(this.access, name, signal);
    const names = new Set([name, ...objects.replicaSets.map((rs) => rs.metadata?.name ?? ''), ...objects.pods.map((p) => p.metadata?.name ?? '')]);
    const events = await kubeCall(this.access, `list the events of '${name}'`, signal, (o) => this.access.core.listNamespacedEvent({ namespace: this.access.namespace }, o));
    return eventSummaries(events.items, names, limit);
  }

  watch(onChange: () => void, onError: (error: unknown) => void): Subscription {
    return watchManagedDeployments(this.access, onChange, onError);
  }

  private async objects(name: string, signal: AbortSignal): Promise<DeploymentObjects | undefined> {
    const objects = await loadDeployment(this.access, name, signal);
    if (objects) requireManaged(this.access, objects.deployment, 'Deployment');
    return objects;
  }

  private rolloutContext(
    name: string, before: DeploymentObjects | undefined, port: number, expected: (owned: V1ReplicaSet[], current: V1ReplicaSet | undefined) => number, what: string,
  ): RolloutContext {
    const owned = before ? ownedReplicaSets(before.deployment, before.replicaSets) : [];
    const current = before ? currentReplicaSet(before.deployment, owned) : undefined;
    // what an automatic rollback returns to: the current revision if it served, else the newest one that did
    const servedNames = new Set(before ? deploymentSummary(before).revisions.filter((r) => r.served).map((r) => r.handle) : []);
    const served = [current, ...[...owned].reverse()].find((rs) => rs && servedNames.has(rs.metadata?.name ?? ''));
    return {
      access: this.access, name, before: served, port, replicas: this.workload.replicas,
      expected: expected(owned, current),
      describe: (revision) => `Revision ${revision} of '${name}'${what}`,
    };
  }

  private async result(name: string, revision: number, before: V1ReplicaSet | undefined, started: number, signal: AbortSignal): Promise<RolloutResult> {
    if (signal.aborted) throw abortError(signal);
    const after = await this.history(name, { signal: AbortSignal.timeout(30_000) });
    const made = after.revisions.find((r) => r.revision === revision);
    if (!made) throw new DeployError('FAILED', `Revision ${revision} of '${name}' is not in its history right after its rollout completed.`);
    const previous = before ? after.revisions.find((r) => r.handle === before.metadata?.name) ?? null : null;
    return { revision: made, previous, elapsedMs: Date.now() - started };
  }
}

function maxRevision(owned: V1ReplicaSet[]): number {
  return Math.max(0, ...owned.map((rs) => revisionOf(rs) ?? 0));
}
