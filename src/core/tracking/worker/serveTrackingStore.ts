import type { MessagePort } from 'node:worker_threads';
import { TrackingError } from '../errors';
import type { Disposable, RegistryWrites, TrackingStore, WatchOptions } from '../types';
import { encodeResult } from './resultSlices';
import { serializeError } from './serializedError';
import type { CallRequest, FromWorker, QueryMethod, QueryResult, StoreQueries, ToWorker } from './workerProtocol';

type Query<M extends QueryMethod> = (store: TrackingStore, args: StoreQueries[M], signal: AbortSignal) => Promise<QueryResult<M>>;

const queries: { [M in QueryMethod]: Query<M> } = {
  listExperiments: (store, [view], signal) => store.listExperiments(view, signal),
  searchRuns: (store, [search], signal) => store.searchRuns(search, signal),
  getRun: (store, [runId], signal) => store.getRun(runId, signal),
  getMetricHistory: (store, [runId, key], signal) => store.getMetricHistory(runId, key, signal),
  listRegisteredModels: (store, _args, signal) => store.listRegisteredModels(signal),
  listLoggedModels: (store, [experimentIds], signal) => store.listLoggedModels(experimentIds, signal),
  listDatasets: (store, [experimentIds], signal) => store.listDatasets(experimentIds, signal),
  setModelAlias: (store, [name, alias, version], signal) => registryWrites(store).setModelAlias(name, alias, version, signal),
  deleteModelAlias: (store, [name, alias], signal) => registryWrites(store).deleteModelAlias(name, alias, signal),
};

function registryWrites(store: TrackingStore): RegistryWrites {
  if (!store.registryWrites) throw new TrackingError(store.uri, 'this store is read-only: aliases are changed only on a tracking server', 'INVALID_ARGUMENT');
  return store.registryWrites;
}

function runQuery<M extends QueryMethod>(store: TrackingStore, method: M, args: StoreQueries[M], signal: AbortSignal): Promise<QueryResult<M>> {
  return queries[method](store, args, signal);
}

/**
 * The worker's side: answers requests arriving on `port` from the store `openStore` returns,
 * opened on the first request. Calls are served concurrently, each with its own AbortController.
 */
export function serveTrackingStore(port: MessagePort, openStore: () => TrackingStore): void {
  let store: TrackingStore | undefined;
  const calls = new Map<number, AbortController>();
  const watches = new Map<number, Disposable>();
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const opened = () => (store ??= openStore());

  async function serveCall(request: CallRequest): Promise<void> {
    const controller = new AbortController();
    calls.set(request.id, controller);
    try {
      const value = await runQuery(opened(), request.method, request.args, controller.signal);
      if (controller.signal.aborted) return;
      const encoded = encodeResult(value);
      post({ type: 'result', id: request.id, value: encoded.value, slices: encoded.slices }, encoded.transfer);
    } catch (error) {
      if (!controller.signal.aborted) post({ type: 'error', id: request.id, error: serializeError(error) });
    } finally {
      calls.delete(request.id);
    }
  }

  function watch(watchId: number, options: WatchOptions): void {
    watches.set(watchId, opened().watch((change) => post({ type: 'change', watchId, change }), options));
  }

  function close(): void {
    for (const controller of calls.values()) controller.abort();
    for (const watcher of watches.values()) watcher.dispose();
    watches.clear();
    store?.close();
    // Without a listening port the thread ends once the aborted work has unwound.
    port.close();
  }

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'call':
        void serveCall(message);
        break;
      case 'cancel':
        calls.get(message.id)?.abort();
        break;
      case 'watch':
        watch(message.watchId, message.options);
        break;
      case 'unwatch':
        watches.get(message.watchId)?.dispose();
        watches.delete(message.watchId);
        break;
      case 'close':
        close();
        break;
    }
  });
}
