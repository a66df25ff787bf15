import { describeError } from '../../tracking/errors';
import { DeployError, abortError } from '../deployError';
import type { ModelIdentity, RolloutCall, RolloutStep } from '../deploymentTarget';
import { probePort, sparePort, waitForPortFree } from '../localPorts';
import { type HealthOutcome, describeUnhealthy, waitUntilHealthy } from './healthWait';
import { type DeploymentState, type RevisionContainer, containersOf, deploymentState, nextRevision, revisionsToPrune } from './revisionHistory';
import { DEFAULT_SERVING_PORT, type ResolvedImage, type RevisionContainers } from './revisionContainers';
import type { RevisionRecord } from './revisionLabels';

const LOG_TAIL_LINES = 40;
const PORT_RELEASE_MS = 10_000;
const CLEANUP_MS = 60_000;

export interface RolloutPlan {
  name: string;
  image: ResolvedImage & { reference: string };
  model: ModelIdentity | null;
  /** undefined: the current revision's port, else the image's, else 8080 */
  port: number | undefined;
  changeCause: string;
  rollbackOf: number | null;
}

/**
 * One rollout on the host network, keeping the current revision serving as long as possible:
 *
 * 1. trial: the new revision starts as a candidate container on a spare port and must answer
 *    `/ping` within the health timeout. The current revision is untouched, so a missing image, a
 *    crash at start or a model that never loads cost clients nothing.
 * 2. switch: the candidate stops, the current revision stops (only if it holds the deployment's
 *    port: two processes cannot listen on one port of one host), and the new revision's serving
 *    container starts on the deployment's port. If it does not become healthy, it is removed and
 *    the old revision is started again. The outage is this one restart of an image known to work.
 *
 * A revision is current once it has a serving container; failed revisions keep their stopped
 * candidate container as their record (with its log).
 */
export async function rollOut(containers: RevisionContainers, state: DeploymentState, plan: RolloutPlan, call: RolloutCall): Promise<{ revision: number }> {
  const { signal, policy } = call;
  const progress = (step: RolloutStep) => call.onProgress?.(step);
  const current = state.current?.serving ?? null;
  const revision = nextRevision(state);
  const servicePort = plan.port ?? current?.record.servicePort ?? plan.image.exposedPort ?? DEFAULT_SERVING_PORT;
  const url = (port: number) => `http://${containers.host.servingHost}:${port}`;
  const what = `Revision ${revision} of '${plan.name}'${plan.model ? ` (${plan.model.name} v${plan.model.version})` : ''}`;
  progress({ step: 'checking', name: plan.name });
  await requireUsablePort(containers, plan.name, servicePort, current, signal);

  const base: Omit<RevisionRecord, 'role' | 'port'> = {
    deployment: plan.name,
    revision,
    model: plan.model,
    imageReference: plan.image.reference,
    imageDigest: plan.image.id,
    servicePort,
    createdAt: Date.now(),
    changeCause: plan.changeCause,
    rollbackOf: plan.rollbackOf,
  };
  const trialPort = await sparePort();
  const candidate = await containers.create({ ...base, role: 'candidate', port: trialPort }, plan.image.id, signal);
  let outcome: HealthOutcome;
  try {
    progress({ step: 'starting', revision, port: trialPort });
    await containers.start(candidate, signal);
    progress({ step: 'waitingHealthy', revision, url: url(trialPort) });
    outcome = await waitUntilHealthy(containers, candidate, url(trialPort), policy.healthTimeoutMs, signal);
  } catch (error) {
    // Cancelled, or the engine failed: a trial that never ran leaves nothing behind.
    await bestEffort((s) => containers.remove(candidate, s));
    throw error;
  }
  const serving = current && current.running ? `Revision ${current.record.revision} keeps serving on port ${current.record.port}` : 'Nothing was serving before';
  if (!outcome.healthy) {
    const logTail = await lastLines(containers, candidate);
    progress({ step: 'rollingBack', revision, to: current?.record.revision ?? null, reason: describeUnhealthy(outcome, url(trialPort)) });
    let left = `revision ${revision} exited; its log stays for inspection`;
    if (outcome.why === 'timeout' && policy.autoRollback) {
      await bestEffort((s) => containers.kill(candidate, s));
      left = `revision ${revision} was stopped; its log stays for inspection`;
    } else if (outcome.why === 'timeout') left = `revision ${revision} is left running on port ${trialPort} for inspection (automatic rollback is off)`;
    await pruneHistory(containers, plan.name, policy.revisionHistoryLimit);
    throw new DeployError(outcome.why === 'exited' ? 'START_FAILED' : 'UNHEALTHY', `${what} ${describeUnhealthy(outcome, url(trialPort))}. ${serving}; ${left}.${lastLineHint(logTail)}`, { logTail });
  }

  progress({ step: 'switching', revision, from: current?.record.revision ?? null, port: servicePort });
  const holdsPort = current !== null && current.running && current.record.port === servicePort;
  let servingContainer: RevisionContainer | undefined;
  let stoppedCurrent = false;
  try {
    await containers.kill(candidate, signal);
    await requireUsablePort(containers, plan.name, servicePort, current, signal);
    servingContainer = await containers.create({ ...base, role: 'serving', port: servicePort }, plan.image.id, signal);
    if (holdsPort && current) {
      await containers.stop(current, signal);
      stoppedCurrent = true;
      if (!(await waitForPortFree(servicePort, PORT_RELEASE_MS, signal))) throw portInUse(servicePort, plan.name, 'after its current revision stopped');
    }
    await containers.start(servingContainer, signal);
    const switched = await waitUntilHealthy(containers, servingContainer, url(servicePort), policy.healthTimeoutMs, signal);
    if (!switched.healthy) {
      const logTail = await lastLines(containers, servingContainer);
      throw new DeployError(switched.why === 'exited' ? 'START_FAILED' : 'UNHEALTHY', `${what} passed its trial on port ${trialPort} but on port ${servicePort} it ${describeUnhealthy(switched, url(servicePort))}.${lastLineHint(logTail)}`, { logTail });
    }
    await containers.keepRunning(servingContainer, signal);
  } catch (error) {
    progress({ step: 'rollingBack', revision, to: current?.record.revision ?? null, reason: describeError(error) });
    const restored = await restore(containers, servingContainer, stoppedCurrent ? current : null, url(servicePort), policy.healthTimeoutMs);
    if (signal.aborted) throw abortError(signal);
    if (error instanceof DeployError) throw new DeployError(error.code, `${error.message} ${restored}`, error.details);
    throw error;
  }
  await bestEffort((s) => containers.remove(candidate, s));
  // The old revision keeps serving on its own port until the new one serves on another.
  for (const other of await otherRunningServing(containers, plan.name, servingContainer)) await bestEffort((s) => containers.stop(other, s));
  await pruneHistory(containers, plan.name, policy.revisionHistoryLimit);
  progress({ step: 'done', revision });
  return { revision };
}

/** Takes a failed switch back: the new serving container goes, the old revision starts again. Returns what happened, for the message. */
async function restore(containers: RevisionContainers, failed: RevisionContainer | undefined, old: RevisionContainer | null, url: string, healthTimeoutMs: number): Promise<string> {
  if (failed) await bestEffort((s) => containers.remove(failed, s));
  if (!old) return 'The previous revision was not stopped and keeps serving.';
  try {
    const signal = AbortSignal.timeout(CLEANUP_MS + healthTimeoutMs);
    await containers.start(old, signal);
    const outcome = await waitUntilHealthy(containers, old, url, healthTimeoutMs, signal);
    return outcome.healthy
      ? `Revision ${old.record.revision} was started again and serves.`
      : `Revision ${old.record.revision} was started again but ${describeUnhealthy(outcome, url)}.`;
  } catch (error) {
    return `Revision ${old.record.revision} could not be started again: ${describeError(error)}. Roll back to it by hand.`;
  }
}

/** The deployment's port must be free, or held by its own current revision (which the switch stops). */
async function requireUsablePort(containers: RevisionContainers, name: string, port: number, current: RevisionContainer | null, signal: AbortSignal): Promise<void> {
  // A remote engine's ports cannot be checked from here; a clash shows as a failed start instead.
  if (!containers.host.local) return;
  const state = await probePort(port);
  if (state === 'free') return;
  if (state === 'forbidden') throw new DeployError('INVALID_ARGUMENT', `Port ${port} needs administrator rights to listen on. Choose a port above 1023.`);
  if (current?.running && current.record.port === port) return;
  const holder = (await containers.list(signal)).find((c) => c.running && c.record.port === port);
  const by = holder ? `by revision ${holder.record.revision} of deployment '${holder.record.deployment}'` : 'by another process on this machine';
  throw portInUse(port, name, `before the switch: it is used ${by}`);
}

function portInUse(port: number, name: string, when: string): DeployError {
  return new DeployError('PORT_IN_USE', `Port ${port} of '${name}' is already in use ${when}. Choose another port for the deployment, or stop what listens on ${port}.`);
}

async function otherRunningServing(containers: RevisionContainers, name: string, keep: RevisionContainer | undefined): Promise<RevisionContainer[]> {
  const listed = await containers.list(AbortSignal.timeout(CLEANUP_MS), name).catch(() => []);
  return listed.filter((c) => c.running && c.record.role === 'serving' && c.id !== keep?.id);
}

/** Removes revisions beyond the history limit; best effort, the next rollout tries again. */
async function pruneHistory(containers: RevisionContainers, name: string, limit: number): Promise<void> {
  await bestEffort(async (signal) => {
    const state = deploymentState(name, await containers.list(signal, name));
    for (const old of revisionsToPrune(state, limit)) for (const container of containersOf(old)) await containers.remove(container, signal);
  });
}

async function lastLines(containers: RevisionContainers, container: RevisionContainer): Promise<string[]> {
  try {
    return await containers.lastLines(container, LOG_TAIL_LINES, AbortSignal.timeout(CLEANUP_MS));
  } catch (error) {
    return [`(its log could not be read: ${describeError(error)})`];
  }
}

// The line that says why, when there is one: access-log lines often come after it.
function lastLineHint(logTail: string[]): string {
  const lines = [...logTail].reverse().filter((line) => line.trim());
  const said = lines.find((line) => /error|exception|fatal|traceback|failed|cannot/i.test(line)) ?? lines[0];
  return said ? ` Its log says: ${said.trim()}` : ' It wrote no log.';
}

// Cleanup runs on its own timeout: a cancelled rollout must still put things back.
async function bestEffort(work: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  try {
    await work(AbortSignal.timeout(CLEANUP_MS));
  } catch {
    // Left for the next rollout or an explicit remove; the caller reports the primary failure.
  }
}
