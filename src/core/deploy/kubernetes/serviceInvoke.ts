import { performance } from 'node:perf_hooks';
import { abortError } from '../deployError';
import type { InvocationResult } from '../deploymentTarget';
import { apiRequest, readBody } from './apiRequest';
import type { ClusterAccess } from './clusterAccess';
import { PORT_NAME } from './deploymentManifest';
import { kubeError } from './kubeCall';
import { isForwardForbidden, openPortForward } from './podPortForward';
import { scoringExchange } from '../scoringHttp';

/**
 * POSTs to the Service's `/invocations` like `kubectl port-forward svc/NAME` and curl would: through a
 * port-forward to one ready pod, opened for this call on a free local port and closed after it. A
 * cluster whose RBAC forbids pods/portforward may still allow services/proxy: then the call goes
 * there. `url` says which path answered.
 */
export async function invokeThroughForward(access: ClusterAccess, name: string, body: string, signal: AbortSignal, timeoutMs: number): Promise<InvocationResult> {
  let forward;
  try {
    forward = await openPortForward(access, name, { signal });
  } catch (error) {
    if (isForwardForbidden(error)) return invokeThroughService(access, name, body, signal, timeoutMs);
    throw error;
  }
  try {
    return await scoringExchange({ url: `http://127.0.0.1:${forward.localPort}/invocations`, method: 'POST', body, timeoutMs, signal });
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    // the forward's own failure says more than the local socket's hang-up
    throw forward.lastError ?? error;
  } finally {
    await forward.close();
  }
}

/**
 * POSTs to the Service's `/invocations` through the API server's proxy
 * (/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH, what `kubectl proxy` exposes): one plain
 * HTTP exchange with the kubeconfig's credentials, for clusters whose RBAC allows
 * `services/proxy` but not `pods/portforward`.
 */
export async function invokeThroughService(access: ClusterAccess, name: string, body: string, signal: AbortSignal, timeoutMs: number): Promise<InvocationResult> {
  const path = `/api/v1/namespaces/${encodeURIComponent(access.namespace)}/services/${encodeURIComponent(name)}:${PORT_NAME}/proxy/invocations`;
  const url = `${access.server.replace(/\/+$/, '')}${path}`;
  const started = performance.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await apiRequest(access, { method: 'POST', path, body, contentType: 'application/json', signal: AbortSignal.any([signal, timeout]) });
    const text = await readBody(response);
    return { url, status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? null, body: text, elapsedMs: performance.now() - started };
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    if (timeout.aborted) throw new Error(`POST ${url} got no answer within ${Math.round(timeoutMs / 100) / 10} s`);
    throw kubeError(access, `call service '${name}'`, error);
  }
}
