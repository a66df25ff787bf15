// Messages between WorkerTrackingStore (the extension host's main thread) and the worker that
// owns the real store. Values cross with the structured clone algorithm: NaN and ±Infinity
// survive, class instances do not, so errors travel as SerializedError.
import type { OpenStoreOptions } from '../openTrackingStore';
import type { TrackingErrorCode } from '../errors';
import type { ResolvedTrackingUri } from '../trackingUri';
import type { RegistryWrites, RunSearch, StoreChange, TrackingStore, ViewType, WatchOptions } from '../types';

/** The arguments of each query, without the AbortSignal (cancellation has its own message). */
export interface StoreQueries {
  listExperiments: [view: ViewType];
  searchRuns: [search: RunSearch];
  getRun: [runId: string];
  getMetricHistory: [runId: string, key: string];
  listRegisteredModels: [];
  listLoggedModels: [experimentIds: string[]];
  listDatasets: [experimentIds: string[]];
  /** registry writes, only for stores that offer them (tracking servers) */
  setModelAlias: [name: string, alias: string, version: string];
  deleteModelAlias: [name: string, alias: string];
}

export type QueryMethod = keyof StoreQueries;

type Queryable = Omit<TrackingStore, 'registryWrites'> & RegistryWrites;

export type QueryResult<M extends QueryMethod> = Awaited<ReturnType<Queryable[M]>>;

/** What the worker is started with (its `workerData`). */
export interface WorkerStart {
  resolved: ResolvedTrackingUri;
  options: OpenStoreOptions;
}

export type CallRequest = { [M in QueryMethod]: { type: 'call'; id: number; method: M; args: StoreQueries[M] } }[QueryMethod];

export type ToWorker =
  | CallRequest
  | { type: 'cancel'; id: number }
  | { type: 'watch'; watchId: number; options: WatchOptions }
  | { type: 'unwatch'; watchId: number }
  /** close the store and end the thread */
  | { type: 'close' };

export type SerializedError =
  | { kind: 'tracking'; uri: string; reason: string; code: TrackingErrorCode }
  | { kind: 'error'; name: string; message: string };

/**
 * The largest array of a result (the value itself, or one of its fields such as `runs` or
 * `items`), cut into slices serialised in the worker and transferred as ArrayBuffers, so the
 * main thread can decode one slice per event-loop turn instead of one long structured clone.
 */
export interface ResultSlices {
  /** the field of the value that held the array; null when the value is the array */
  field: string | null;
  buffers: ArrayBuffer[];
}

export type FromWorker =
  | { type: 'result'; id: number; value: unknown; slices: ResultSlices | null }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'change'; watchId: number; change: StoreChange };
