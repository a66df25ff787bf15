import { FileTrackingStore } from './file/fileTrackingStore';
import { RestTrackingStore, type RestCredentials } from './rest/restTrackingStore';
import { SqliteTrackingStore } from './sqlite/sqliteTrackingStore';
import type { ResolvedTrackingUri } from './trackingUri';
import type { TrackingStore } from './types';

export interface OpenStoreOptions {
  env?: NodeJS.ProcessEnv;
  /** from the editor's secret storage; takes precedence over MLflow's environment variables */
  credentials?: RestCredentials;
  /** REST defaults when MLflow's own environment variables do not set them */
  maxRetries?: number;
  timeoutMs?: number;
}

export function openTrackingStore(resolved: ResolvedTrackingUri, options: OpenStoreOptions = {}): TrackingStore {
  switch (resolved.kind) {
    case 'sqlite':
      return new SqliteTrackingStore(resolved.path, resolved.uri);
    case 'file':
      return new FileTrackingStore(resolved.path, resolved.uri);
    case 'rest':
      return new RestTrackingStore(resolved.uri, restOptions(options));
  }
}

function restOptions(options: OpenStoreOptions) {
  const env = options.env ?? process.env;
  return {
    env,
    credentials: options.credentials,
    maxRetries: env.MLFLOW_HTTP_REQUEST_MAX_RETRIES ? undefined : options.maxRetries,
    timeoutMs: env.MLFLOW_HTTP_REQUEST_TIMEOUT ? undefined : options.timeoutMs,
  };
}
