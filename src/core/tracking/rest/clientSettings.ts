// The HTTP settings MLflow's Python client reads from its environment variables
// (mlflow/environment_variables.py, utils/rest_utils.py), with the same defaults and limits.
import { TrackingError } from '../errors';

export interface TlsSettings {
  /** MLFLOW_TRACKING_INSECURE_TLS: do not verify the server's certificate or host name */
  insecure: boolean;
  /** MLFLOW_TRACKING_SERVER_CERT_PATH: CA bundle (file or directory) that replaces the default roots */
  serverCertPath: string | null;
  /** MLFLOW_TRACKING_CLIENT_CERT_PATH: one PEM file holding the client certificate and its key */
  clientCertPath: string | null;
}

export interface ClientSettings {
  timeoutMs: number;
  maxRetries: number;
  backoffFactorMs: number;
  backoffJitterMs: number;
  respectRetryAfter: boolean;
  allowRedirects: boolean;
  tls: TlsSettings;
}

export interface ClientSettingsOverrides {
  timeoutMs?: number;
  maxRetries?: number;
}

const MAX_RETRIES_LIMIT = 10; // _MLFLOW_HTTP_REQUEST_MAX_RETRIES_LIMIT
const MAX_BACKOFF_FACTOR_S = 120; // _MLFLOW_HTTP_REQUEST_MAX_BACKOFF_FACTOR_LIMIT

/** Throws a TrackingError (INVALID_ARGUMENT) naming the variable that holds a bad value. */
export function readClientSettings(
  uri: string,
  env: NodeJS.ProcessEnv,
  overrides: ClientSettingsOverrides = {},
): ClientSettings {
  const read = new EnvReader(uri, env);
  const insecure = read.boolean('MLFLOW_TRACKING_INSECURE_TLS', false);
  const serverCertPath = read.text('MLFLOW_TRACKING_SERVER_CERT_PATH');
  if (insecure && serverCertPath !== null) {
    throw new TrackingError(
      uri,
      'MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set: set only one of them',
      'INVALID_ARGUMENT',
    );
  }
  const maxRetries = overrides.maxRetries ?? read.number('MLFLOW_HTTP_REQUEST_MAX_RETRIES', 7);
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
    throw new TrackingError(uri, `the maximum number of retries must be an integer from 0 to ${MAX_RETRIES_LIMIT}, got ${maxRetries}`, 'INVALID_ARGUMENT');
  }
  const backoffFactor = read.number('MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', 2);
  if (backoffFactor < 0 || backoffFactor > MAX_BACKOFF_FACTOR_S) {
    throw new TrackingError(uri, `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR must be from 0 to ${MAX_BACKOFF_FACTOR_S} seconds, got ${backoffFactor}`, 'INVALID_ARGUMENT');
  }
  const timeoutMs = overrides.timeoutMs ?? read.number('MLFLOW_HTTP_REQUEST_TIMEOUT', 120) * 1000;
  if (!(timeoutMs > 0)) {
    throw new TrackingError(uri, `the request timeout must be positive, got ${timeoutMs} ms`, 'INVALID_ARGUMENT');
  }
  return {
    timeoutMs,
    maxRetries,
    backoffFactorMs: backoffFactor * 1000,
    backoffJitterMs: Math.max(0, read.number('MLFLOW_HTTP_REQUEST_BACKOFF_JITTER', 1)) * 1000,
    respectRetryAfter: read.boolean('MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER', true),
    allowRedirects: read.boolean('MLFLOW_ALLOW_HTTP_REDIRECTS', true),
    tls: { insecure, serverCertPath, clientCertPath: read.text('MLFLOW_TRACKING_CLIENT_CERT_PATH') },
  };
}

class EnvReader {
  constructor(
    private readonly uri: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  text(name: string): string | null {
    const value = this.env[name];
    return value === undefined ? null : value;
  }

  // MLflow reads these with int()/float(); fractions are accepted here so that tests and
  // impatient users can ask for sub-second waits.
  number(name: string, fallback: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      throw new TrackingError(this.uri, `${name} must be a number, got "${raw}"`, 'INVALID_ARGUMENT');
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    const lower = raw.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    throw new TrackingError(this.uri, `${name} must be one of true, false, 1, 0; got "${raw}"`, 'INVALID_ARGUMENT');
  }
}
