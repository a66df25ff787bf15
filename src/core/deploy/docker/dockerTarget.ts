import Docker from 'dockerode';
import { DeployError, abortError } from '../deployError';
import { portProblem, requireDeploymentName } from '../deploymentName';
import type {
  DeployRequest, DeploymentSummary, DeploymentTarget, InvocationResult, LogCall, ModelIdentity, Revision, RolloutCall, RolloutResult, Subscription, TargetCall, TargetInfo,
} from '../deploymentTarget';
import { pingHealthy, scoringExchange } from '../scoringHttp';
import { dockerCall, dockerError } from './dockerCall';
import { watchDeploymentEvents } from './dockerEvents';
import type { DockerHost } from './dockerHost';
import { followLogs } from './followLogs';
import { type ModelImage, listModelImages } from './modelImages';
import { type RolloutPlan, rollOut } from './dockerRollout';
import { type DeploymentState, type RevisionState, deploymentState, groupByDeployment, previousRevision, representative } from './revisionHistory';
import { RevisionContainers } from './revisionContainers';

const STATUS_PING_MS = 1_500;

/**
 * Deployments on one Docker engine. Every answer is read back from the engine (container labels
 * and state), so a new instance, after a restart of VS Code or of Docker, knows all an old one did.
 */
export class DockerTarget implements DeploymentTarget {
  readonly kind = 'docker' as const;
  readonly description: string;
  readonly location: string;
  private readonly containers: RevisionContainers;

  constructor(readonly host: DockerHost, docker: Docker = new Docker(host.options)) {
    this.description = `the Docker engine ${host.uri}`;
    this.location = host.uri;
    this.containers = new RevisionContainers(docker, host);
  }

  async check({ signal }: TargetCall): Promise<TargetInfo> {
    // dockerode takes a signal here, but its types do not say so.
    const docker = this.containers.docker as unknown as { version(options: { abortSignal: AbortSignal }): Promise<Docker.DockerVersion> };
    const version = await dockerCall(this.host, 'report its version', signal, (s) => docker.version({ abortSignal: s }), 10_000);
    return { version: `Docker ${version.Version}` };
  }

  async list({ signal }: TargetCall): Promise<DeploymentSummary[]> {
    const states = groupByDeployment(await this.containers.list(signal));
    return Promise.all(states.map((state) => this.summary(state, signal)));
  }

  async history(name: string, { signal }: TargetCall): Promise<DeploymentSummary> {
    return this.summary(await this.existing(name, signal), signal);
  }

  async deploy(request: DeployRequest, call: RolloutCall): Promise<RolloutResult> {
    const started = Date.now();
    const name = requireDeploymentName(request.name);
    const problem = request.port === undefined ? undefined : portProblem(request.port);
    if (problem) throw new DeployError('INVALID_ARGUMENT', problem);
    // The engine first: "not running" must not read as "no such image".
    await this.check(call);
    const image = await this.containers.resolveImage(request.image, call.signal);
    const state = await this.state(name, call.signal);
    const plan: RolloutPlan = {
      name,
      image: { ...image, reference: request.image },
      model: request.model ?? image.model,
      port: request.port,
      changeCause: request.changeCause?.trim() || defaultCause(request),
      rollbackOf: null,
    };
    return this.finish(state, await rollOut(this.containers, state, plan, call), started, call.signal);
  }

  async rollback(name: string, toRevision: number | undefined, call: RolloutCall & { changeCause?: string }): Promise<RolloutResult> {
    const started = Date.now();
    await this.check(call);
    const state = await this.existing(name, call.signal);
    const current = state.current;
    if (!current) throw new DeployError('NOT_FOUND', `No revision of '${name}' has served yet, so there is nothing to roll back to.`);
    const target = toRevision === undefined ? previousRevision(state) : state.revisions.find((r) => r.revision === toRevision);
    const kept = state.revisions.map((r) => r.revision).reverse().join(', ');
    if (!target) {
      throw new DeployError('NOT_FOUND', toRevision === undefined
        ? `'${name}' has no earlier revision that served to roll back to (kept: ${kept}).`
        : `'${name}' has no revision ${toRevision}: the kept revisions are ${kept} (mlops.deploy.revisionHistoryLimit).`);
    }
    if (target === current) throw new DeployError('INVALID_ARGUMENT', `Revision ${target.revision} is already the current revision of '${name}'.`);
    if (!target.serving) throw new DeployError('INVALID_ARGUMENT', `Revision ${target.revision} of '${name}' never passed its health check; roll back to a revision that served.`);
    const record = target.serving.record;
    const image = await this.containers.resolveImage(record.imageDigest, call.signal, `image of revision ${record.revision} (${record.imageReference}, ${record.imageDigest.slice(0, 19)})`);
    const cause = record.changeCause ? ` (${record.changeCause})` : '';
    const plan: RolloutPlan = {
      name,
      image: { ...image, reference: record.imageReference },
      model: record.model,
      port: current.serving?.record.servicePort,
      changeCause: call.changeCause?.trim() || `Rolled back to revision ${record.revision}${cause}`,
      rollbackOf: record.revision,
    };
    return this.finish(state, await rollOut(this.containers, state, plan, call), started, call.signal);
  }

  async logs(name: string, call: LogCall): Promise<void> {
    const state = await this.existing(name, call.signal);
    const chosen = call.revision === undefined ? state.current ?? state.revisions[0] : state.revisions.find((r) => r.revision === call.revision);
    if (!chosen) throw new DeployError('NOT_FOUND', `'${name}' has no revision ${call.revision}.`);
    const container = representative(chosen);
    if (!call.follow) {
      for (const text of await this.containers.lastLines(container, call.tail, call.signal)) call.onLine({ stream: 'stdout', text });
      return;
    }
    await followLogs(this.containers, container, call);
  }

  async invoke(name: string, body: string, call: TargetCall & { timeoutMs: number }): Promise<InvocationResult> {
    const state = await this.existing(name, call.signal);
    const current = state.current?.serving;
    if (!current?.running) throw new DeployError('NOT_FOUND', `'${name}' is not serving: ${current ? `revision ${current.record.revision} is stopped` : 'no revision has served yet'}. Deploy or roll back first.`);
    const url = `http://${this.host.servingHost}:${current.record.port}/invocations`;
    return scoringExchange({ url, method: 'POST', body, timeoutMs: call.timeoutMs, signal: call.signal });
  }

  async stop(name: string, { signal }: TargetCall): Promise<void> {
    const state = await this.existing(name, signal);
    for (const revision of state.revisions) {
      for (const container of [revision.serving, revision.candidate]) if (container?.running) await this.containers.stop(container, signal);
    }
  }

  async remove(name: string, { signal }: TargetCall): Promise<void> {
    const state = await this.existing(name, signal);
    for (const revision of state.revisions) {
      for (const container of [revision.serving, revision.candidate]) if (container) await this.containers.remove(container, signal);
    }
  }

  /** Images on this engine labelled as serving `model` (docker only: a cluster pulls from a registry). */
  modelImages(model: ModelIdentity, { signal }: TargetCall): Promise<ModelImage[]> {
    return listModelImages(this.containers, model, signal);
  }

  watch(onChange: () => void, onError: (error: unknown) => void): Subscription {
    return watchDeploymentEvents(this.containers, onChange, (error) => onError(dockerError(this.host, 'report its events', error)));
  }

  private async state(name: string, signal: AbortSignal): Promise<DeploymentState> {
    return deploymentState(name, await this.containers.list(signal, name));
  }

  private async existing(name: string, signal: AbortSignal): Promise<DeploymentState> {
    const state = await this.state(name, signal);
    if (state.revisions.length === 0) throw new DeployError('NOT_FOUND', `There is no deployment '${name}' on ${this.description}.`);
    return state;
  }

  private async finish(before: DeploymentState, { revision }: { revision: number }, started: number, signal: AbortSignal): Promise<RolloutResult> {
    if (signal.aborted) throw abortError(signal);
    const after = await this.history(before.name, { signal: AbortSignal.timeout(30_000) });
    const made = after.revisions.find((r) => r.revision === revision);
    if (!made) throw new DeployError('FAILED', `Revision ${revision} of '${before.name}' disappeared right after it became current.`);
    const previous = before.current ? after.revisions.find((r) => r.revision === before.current?.revision) ?? null : null;
    return { revision: made, previous, elapsedMs: Date.now() - started };
  }

  private async summary(state: DeploymentState, signal: AbortSignal): Promise<DeploymentSummary> {
    const revisions = await Promise.all(state.revisions.map((r) => this.revision(r, r === state.current, signal)));
    return { name: state.name, current: revisions.find((r) => r.current) ?? null, revisions };
  }

  private async revision(state: RevisionState, current: boolean, signal: AbortSignal): Promise<Revision> {
    const container = representative(state);
    const { record } = container;
    const healthy = container.running && (await pingHealthy(`http://${this.host.servingHost}:${record.port}`, STATUS_PING_MS, signal));
    return {
      deployment: record.deployment,
      revision: record.revision,
      current,
      served: state.serving !== undefined,
      status: !container.running ? 'stopped' : healthy ? 'healthy' : 'unhealthy',
      model: record.model,
      image: { reference: record.imageReference, digest: record.imageDigest },
      port: record.port,
      createdAt: record.createdAt,
      changeCause: record.changeCause,
      rollbackOf: record.rollbackOf,
      handle: container.id,
    };
  }
}

function defaultCause(request: DeployRequest): string {
  return request.model ? `Deploy ${request.model.name} v${request.model.version} (${request.image})` : `Deploy ${request.image}`;
}
