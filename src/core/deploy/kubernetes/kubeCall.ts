import { ApiException, Observable, type ConfigurationOptions, type PatchStrategy, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import { DeployError, abortError, isAbortError } from '../deployError';

const CALL_TIMEOUT_MS = 30_000;

/** Where calls go, for messages: "context fake-kube (https://10.0.0.1:6443), namespace default". */
export interface CallPlace {
  context: string;
  server: string;
  namespace: string;
}

/**
 * Per-call options of @kubernetes/client-node 1.x: a signal (the generated clients take none) and
 * the Content-Type a patch needs. `timeoutMs` bounds the call besides the signal.
 */
export function callOptions(signal: AbortSignal, contentType?: PatchStrategy, timeoutMs = CALL_TIMEOUT_MS): ConfigurationOptions {
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  return {
    middleware: [{
      pre: (context: RequestContext) => {
        context.setSignal(bounded);
        if (contentType) context.setHeaderParam('Content-Type', contentType);
        return new Observable(Promise.resolve(context));
      },
      post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
    }],
    middlewareMergeStrategy: 'append',
  };
}

/** One API call, its failure said in the user's terms: what failed, why, what to do. */
export async function kubeCall<T>(
  place: CallPlace, what: string, signal: AbortSignal, call: (options: ConfigurationOptions) => Promise<T>, contentType?: PatchStrategy, timeoutMs = CALL_TIMEOUT_MS,
): Promise<T> {
  if (signal.aborted) throw abortError(signal);
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await call(callOptions(AbortSignal.any([signal, timeout]), contentType, timeoutMs));
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    // our own bound, not the user's cancel: it must not pass for a quiet cancel
    if (timeout.aborted) throw kubeError(place, what, Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { name: 'TimeoutError' }));
    throw kubeError(place, what, error);
  }
}

/** The HTTP status of an API failure, or undefined for anything else. */
export function statusCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  if (error instanceof DeployError) return statusCode(error.details.cause);
  const code = (error as { statusCode?: unknown; code?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The `message` of a Status the API server answered with. */
export function statusMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiException)) return undefined;
  let body: unknown = error.body;
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      return text.trim() || undefined;
    }
  }
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : undefined;
}

export function kubeError(place: CallPlace, what: string, error: unknown): Error {
  if (error instanceof DeployError || isAbortError(error)) return error as Error;
  const where = `context '${place.context}' (${place.server}), namespace '${place.namespace}'`;
  const code = statusCode(error);
  const said = statusMessage(error);
  const because = said ?? (error instanceof Error ? error.message : String(error));
  switch (code) {
    case undefined: {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || /timeout|timed out/i.test(error.message));
      return new DeployError('TARGET_UNAVAILABLE', `Could not ${what}: the cluster of ${where} ${timedOut ? 'did not answer in time' : `cannot be reached (${because})`}. Check that the cluster is up and the kubeconfig's server, e.g. with kubectl cluster-info.`, { cause: error });
    }
    case 401:
      return new DeployError('TARGET_UNAVAILABLE', `Could not ${what}: the cluster of ${where} refused the kubeconfig's credentials (401${said ? `: ${said}` : ''}). Log in again or renew the token.`, { cause: error });
    case 403:
      return new DeployError('FAILED', `Could not ${what}: ${said ?? 'forbidden'} (403). Ask for the RBAC permission in namespace '${place.namespace}'.`, { cause: error });
    case 404:
      return new DeployError('NOT_FOUND', `Could not ${what}: ${because} (${where}).`, { cause: error });
    case 409:
      return new DeployError('CONFLICT', `Could not ${what}: ${because}. Something else changed it at the same time; try again.`, { cause: error });
    case 400:
    case 422:
      return new DeployError('INVALID_ARGUMENT', `Could not ${what}: the cluster refused it: ${because}`, { cause: error });
    default:
      return new DeployError('FAILED', `Could not ${what}: the cluster answered ${code}: ${because}`, { cause: error });
  }
}
