import { FileTrackingStore } from './file/fileTrackingStore';
import { RestTrackingStore, type RestCredentials } from './rest/restTrackingStore';
import { SqliteTrackingStore } from './sqlite/sqliteTrackingStore';
import type { ResolvedTrackingUri } from './trackingUri';
import type { TrackingStore } from './types';

export interface OpenStoreOptions {
  env?: NodeJS.ProcessEnv;
  /** from the editor's secret storage; takes precedence over MLflow's environment variables */
  credentials?: RestCredentials;
}

export function openTrackingStore(resolved: ResolvedTrackingUri, options: OpenStoreOptions = {}): TrackingStore {
  switch (resolved.kind) {
    case 'sqlite':
      return new SqliteTrackingStore(resolved.path, resolved.uri);
    case 'file':
      return new FileTrackingStore(resolved.path, resolved.uri);
    case 'rest':
      return new RestTrackingStore(resolved.uri, { env: options.env ?? process.env, credentials: options.credentials });
  }
}
