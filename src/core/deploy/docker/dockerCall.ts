import { DeployError, abortError, isAbortError } from '../deployError';
import type { DockerHost } from './dockerHost';

/** Calls that answer at once (inspect, create, list) get this long; stop waits for the process first. */
export const DOCKER_CALL_TIMEOUT_MS = 30_000;

interface DockerFailure {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/**
 * Runs one engine call with the caller's signal and a timeout, and turns what dockerode throws into
 * a DeployError that names the engine. dockerode aborts the request itself where it takes a signal;
 * the race covers the few calls where it does not.
 */
export async function dockerCall<T>(
  host: DockerHost,
  what: string,
  signal: AbortSignal,
  call: (signal: AbortSignal) => Promise<T>,
  timeoutMs = DOCKER_CALL_TIMEOUT_MS,
): Promise<T> {
  if (signal.aborted) throw abortError(signal);
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = AbortSignal.any([signal, timeout]);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(combined.reason);
    combined.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([call(combined), aborted]);
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    if (timeout.aborted) {
      throw new DeployError('TARGET_UNAVAILABLE', `The Docker engine at ${host.uri} did not answer within ${timeoutMs / 1000} s (${what}). Check that it is running and not overloaded.`);
    }
    throw dockerError(host, what, error);
  } finally {
    if (onAbort) combined.removeEventListener('abort', onAbort);
  }
}

export function dockerError(host: DockerHost, what: string, error: unknown): Error {
  if (error instanceof DeployError || isAbortError(error)) return error as Error;
  const failure = (error ?? {}) as DockerFailure;
  if (failure.code && ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EACCES', 'EPERM', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND'].includes(failure.code)) {
    return unavailable(host, failure.code, error);
  }
  if (failure.code && isTlsFailure(failure.code)) {
    return new DeployError(
      'TARGET_UNAVAILABLE',
      `The Docker engine at ${host.uri} could not be reached over TLS: ${failure.message ?? failure.code} (${failure.code}). Check the engine's certificate authority and your client certificate (DOCKER_CERT_PATH, DOCKER_TLS_VERIFY, or the docker context's TLS files).`,
      { cause: error },
    );
  }
  const said = (failure.json?.message ?? failure.reason ?? failure.message ?? String(error)).trim();
  if (failure.statusCode === 409) return new DeployError('CONFLICT', `The Docker engine at ${host.uri} refused to ${what}: ${said}`, { cause: error });
  if (failure.statusCode === 404) return new DeployError('NOT_FOUND', `The Docker engine at ${host.uri} could not ${what}: ${said}`, { cause: error });
  return new DeployError('FAILED', `The Docker engine at ${host.uri} could not ${what}: ${said}`, { cause: error });
}

// Node's codes for a certificate that cannot be verified, and OpenSSL's for a handshake the engine refused.
function isTlsFailure(code: string): boolean {
  return /CERT|SIGNATURE|ISSUER|ALTNAME|^EPROTO$|^ERR_SSL_|^ERR_TLS_/.test(code);
}

function unavailable(host: DockerHost, code: string, cause: unknown): DeployError {
  const why =
    code === 'ENOENT' ? `there is no socket ${host.options.socketPath ?? ''}`.trimEnd()
    : code === 'ECONNREFUSED' ? 'nothing answers there'
    : code === 'EACCES' || code === 'EPERM' ? 'permission to its socket is denied (add your user to the docker group)'
    : `the connection failed (${code})`;
  return new DeployError(
    'TARGET_UNAVAILABLE',
    `The Docker engine at ${host.uri} is not running: ${why}. Start Docker (or dockerd), or point MLOps Studio at a running engine (setting mlops.docker.host, DOCKER_HOST, or --docker-host).`,
    { cause },
  );
}
