// What a failed request means for the user: a TrackingError that names the store (without
// credentials), says why, and what to change. Secrets never reach these messages: they are
// built from the status, the server's error JSON and Node's error codes only.
import { TrackingError, type TrackingErrorCode } from '../errors';
import type { ExchangeFailure, ExchangeResponse } from './httpExchange';

interface MlflowErrorBody {
  error_code?: string;
  message?: string;
}

const CODE_BY_MLFLOW_ERROR: Record<string, TrackingErrorCode> = {
  RESOURCE_DOES_NOT_EXIST: 'NOT_FOUND',
  ENDPOINT_NOT_FOUND: 'NOT_FOUND',
  INVALID_PARAMETER_VALUE: 'INVALID_ARGUMENT',
  BAD_REQUEST: 'INVALID_ARGUMENT',
  MALFORMED_REQUEST: 'INVALID_ARGUMENT',
  INVALID_STATE: 'INVALID_ARGUMENT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
};

const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function responseError(uri: string, request: string, response: ExchangeResponse, retries: number): TrackingError {
  const { status } = response;
  const statusLine = `${status} ${response.statusText || 'error'}`.trim();
  const server = mlflowErrorBody(response.body);
  const detail = server?.message || excerpt(response.body);
  if (status === 401) {
    return new TrackingError(uri, '401 Unauthorized: check MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN', 'UNAUTHENTICATED');
  }
  if (status === 403) {
    return new TrackingError(uri, `403 Forbidden: the server refuses ${request} to these credentials${detail ? ` (${detail})` : ''}`, 'PERMISSION_DENIED');
  }
  const mapped = server?.error_code ? CODE_BY_MLFLOW_ERROR[server.error_code] : undefined;
  if (mapped === 'NOT_FOUND' && server?.message) return new TrackingError(uri, server.message, 'NOT_FOUND');
  if (status === 404) {
    return new TrackingError(
      uri,
      `404 Not Found: ${request} does not exist on this server (is the URI an MLflow tracking server, of version 3 or later?)`,
      'NOT_FOUND',
    );
  }
  if (mapped === 'INVALID_ARGUMENT' && server?.message) return new TrackingError(uri, server.message, 'INVALID_ARGUMENT');
  const after = retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
  const code: TrackingErrorCode = mapped ?? (status >= 400 && status < 500 && status !== 408 && status !== 429 ? 'INVALID_ARGUMENT' : 'UNAVAILABLE');
  return new TrackingError(uri, `${statusLine} from ${request}${after}${detail ? `: ${detail}` : ''}`, code);
}

export function failureError(uri: string, failure: ExchangeFailure, timeoutMs: number, retries: number): TrackingError {
  const after = retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
  if (failure.kind === 'cancelled') return new TrackingError(uri, 'cancelled', 'CANCELLED');
  if (failure.kind === 'timeout') {
    return new TrackingError(
      uri,
      `no response within ${timeoutMs / 1000} s${after}: set MLFLOW_HTTP_REQUEST_TIMEOUT (seconds) to wait longer`,
      'TIMEOUT',
      { cause: failure },
    );
  }
  if (TLS_TRUST_CODES.has(failure.code)) {
    return new TrackingError(
      uri,
      `the server's TLS certificate is not trusted: ${failure.code}; set MLFLOW_TRACKING_SERVER_CERT_PATH to its CA bundle (or MLFLOW_TRACKING_INSECURE_TLS=true to skip verification)`,
      'UNAVAILABLE',
      { cause: failure },
    );
  }
  return new TrackingError(uri, `cannot connect to the tracking server: ${failure.code}${after}`, 'UNAVAILABLE', { cause: failure });
}

export function invalidJsonError(uri: string, request: string, body: string): TrackingError {
  return new TrackingError(uri, `the answer to ${request} is not MLflow JSON: ${excerpt(body) || '(empty)'}`, 'CORRUPT');
}

function mlflowErrorBody(body: string): MlflowErrorBody | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const { error_code: errorCode, message } = parsed as Record<string, unknown>;
    return {
      error_code: typeof errorCode === 'string' ? errorCode : undefined,
      message: typeof message === 'string' ? message : undefined,
    };
  } catch {
    return null;
  }
}

function excerpt(body: string): string {
  const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
