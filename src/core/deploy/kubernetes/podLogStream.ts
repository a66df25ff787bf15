import { createInterface } from 'node:readline';
import { abortError } from '../deployError';
import type { LogCall } from '../deploymentTarget';
import { apiRequest, readBody } from './apiRequest';
import type { ClusterAccess } from './clusterAccess';
import { kubeError } from './kubeCall';

const READ_TIMEOUT_MS = 30_000;

/**
 * `kubectl logs [-f] --tail N POD -c CONTAINER`: the last lines, then, when following, every new
 * line until the container stops or the call is cancelled. Pod logs carry no stream marker, so
 * every line is reported as stdout.
 */
export async function streamPodLog(access: ClusterAccess, pod: string, container: string, call: LogCall): Promise<void> {
  const what = `read the log of pod ${pod}`;
  // a follow lasts as long as the caller wants; a one-off read gets the usual bound
  const signal = call.follow ? call.signal : AbortSignal.any([call.signal, AbortSignal.timeout(READ_TIMEOUT_MS)]);
  let response;
  try {
    response = await apiRequest(access, {
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(access.namespace)}/pods/${encodeURIComponent(pod)}/log`,
      query: { container, tailLines: String(call.tail), ...(call.follow ? { follow: 'true' } : {}) },
      signal,
    });
  } catch (error) {
    if (call.signal.aborted) throw abortError(call.signal);
    throw kubeError(access, what, signal.aborted ? Object.assign(new Error(`no answer within ${READ_TIMEOUT_MS / 1000} s`), { name: 'TimeoutError' }) : error);
  }
  if (response.statusCode !== 200) {
    const body = await readBody(response);
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // a plain-text answer is its own message
    }
    throw kubeError(access, what, Object.assign(new Error(message.trim()), { statusCode: response.statusCode }));
  }
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: response, crlfDelay: Infinity });
    lines.on('line', (text) => call.onLine({ stream: 'stdout', text }));
    lines.on('close', () => (call.signal.aborted ? reject(abortError(call.signal)) : resolve()));
    // readline re-emits its input's errors (a cancelled follow ends with "aborted")
    const fail = (error: Error) => (call.signal.aborted ? reject(abortError(call.signal)) : reject(kubeError(access, what, error)));
    lines.on('error', fail);
    response.on('error', fail);
  });
}
