import { abortableDelay } from '../../tracking/rest/abortableDelay';
import { abortError } from '../deployError';
import { pingHealthy } from '../scoringHttp';
import type { RevisionContainer } from './revisionHistory';
import type { RevisionContainers } from './revisionContainers';

// Polls quickly at first (a light server answers within milliseconds), then backs off to spare the engine.
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;
const PING_TIMEOUT_MS = 2_000;

export type HealthOutcome =
  | { healthy: true; afterMs: number }
  | { healthy: false; why: 'exited'; exitCode: number; engineError: string }
  | { healthy: false; why: 'timeout'; timeoutMs: number };

/**
 * Polls `GET /ping` until it answers 200, the container's process exits, or the deadline passes.
 * The process's state is checked on every round, so a crash at start is reported at once instead
 * of after the whole timeout.
 */
export async function waitUntilHealthy(
  containers: RevisionContainers,
  container: RevisionContainer,
  baseUrl: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HealthOutcome> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let pollMs = FIRST_POLL_MS;
  for (;;) {
    const remaining = deadline - Date.now();
    if (await pingHealthy(baseUrl, Math.max(100, Math.min(PING_TIMEOUT_MS, remaining)), signal)) return { healthy: true, afterMs: Date.now() - started };
    const state = await containers.state(container, signal);
    if (!state.running) return { healthy: false, why: 'exited', exitCode: state.exitCode, engineError: state.error };
    if (Date.now() >= deadline) return { healthy: false, why: 'timeout', timeoutMs };
    if (!(await abortableDelay(pollMs, signal))) throw abortError(signal);
    pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
  }
}

export function describeUnhealthy(outcome: Exclude<HealthOutcome, { healthy: true }>, url: string): string {
  if (outcome.why === 'timeout') return `did not answer GET ${url}/ping with 200 within ${Math.round(outcome.timeoutMs / 100) / 10} s`;
  const engine = outcome.engineError ? ` (${outcome.engineError})` : '';
  return `exited with code ${outcome.exitCode} before it answered GET ${url}/ping${engine}`;
}
