import type { ResourceLimits } from 'node:worker_threads';
import { TrackingError } from '../errors';
import type { OpenStoreOptions } from '../openTrackingStore';
import type { ResolvedTrackingUri } from '../trackingUri';
import type {
  DatasetSummary, Disposable, Experiment, Listing, LoggedModel, MetricPoint, RegisteredModel, RegistryWrites, Run, RunPage,
  RunSearch, StoreChange, StoreKind, TrackingStore, ViewType, WatchOptions,
} from '../types';
import { decodeResult } from './resultSlices';
import { deserializeError } from './serializedError';
import { storeDisplayUri } from './storeDisplayUri';
import { SupervisedWorker } from './supervisedWorker';
import type { CallRequest, FromWorker, QueryMethod, QueryResult, StoreQueries } from './workerProtocol';

export interface WorkerTrackingStoreInit {
  /** absolute path of the bundled worker (dist/trackingWorker.js) */
  workerScript: string;
  resolved: ResolvedTrackingUri;
  options?: OpenStoreOptions;
  /** crashed workers replaced within any minute before the store stays failed; 3 when left out */
  maxRestartsPerMinute?: number;
  /** heap limits of the worker thread, so a runaway read ends the worker and not the extension host */
  resourceLimits?: ResourceLimits;
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Subscription {
  onChange(change: StoreChange): void;
  options: WatchOptions;
}

const EVERYTHING_CHANGED: StoreChange = { kinds: ['experiments', 'runs', 'models', 'datasets'] };

/** A TrackingStore whose real store runs in a worker thread, keeping the caller's thread responsive. */
export class WorkerTrackingStore implements TrackingStore {
  readonly kind: StoreKind;
  readonly uri: string;
  /** forwarded for tracking servers, the only stores MLOps Studio writes to */
  readonly registryWrites?: RegistryWrites;
  private readonly worker: SupervisedWorker;
  private readonly calls = new Map<number, PendingCall>();
  private readonly subscriptions = new Map<number, Subscription>();
  private nextId = 1;
  private closed = false;

  static start(init: WorkerTrackingStoreInit): WorkerTrackingStore {
    const store = new WorkerTrackingStore(init);
    store.worker.ensureRunning();
    return store;
  }

  private constructor(init: WorkerTrackingStoreInit) {
    this.kind = init.resolved.kind;
    this.uri = storeDisplayUri(init.resolved);
    if (init.resolved.kind === 'rest') {
      this.registryWrites = {
        setModelAlias: (name, alias, version, signal) => this.call('setModelAlias', [name, alias, version], signal),
        deleteModelAlias: (name, alias, signal) => this.call('deleteModelAlias', [name, alias], signal),
      };
    }
    this.worker = new SupervisedWorker({
      workerScript: init.workerScript,
      workerData: { resolved: init.resolved, options: init.options ?? {} },
      uri: this.uri,
      maxRestartsPerMinute: init.maxRestartsPerMinute ?? 3,
      resourceLimits: init.resourceLimits,
      onMessage: (message) => this.receive(message),
      onStart: (restarted) => this.resubscribe(restarted),
      onCrash: (error) => this.crashed(error),
    });
  }

  listExperiments(view: ViewType, signal?: AbortSignal): Promise<Listing<Experiment>> {
    return this.call('listExperiments', [view], signal);
  }

  searchRuns(search: RunSearch, signal?: AbortSignal): Promise<RunPage> {
    return this.call('searchRuns', [search], signal);
  }

  getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    return this.call('getRun', [runId], signal);
  }

  getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
    return this.call('getMetricHistory', [runId, key], signal);
  }

  listRegisteredModels(signal?: AbortSignal): Promise<Listing<RegisteredModel>> {
    return this.call('listRegisteredModels', [], signal);
  }

  listLoggedModels(experimentIds: string[], signal?: AbortSignal): Promise<Listing<LoggedModel>> {
    return this.call('listLoggedModels', [experimentIds], signal);
  }

  listDatasets(experimentIds: string[], signal?: AbortSignal): Promise<Listing<DatasetSummary>> {
    return this.call('listDatasets', [experimentIds], signal);
  }

  watch(onChange: (change: StoreChange) => void, options: WatchOptions = {}): Disposable {
    const watchId = this.nextId++;
    if (this.closed) return { dispose: () => undefined };
    try {
      // A freshly started worker subscribes every known watcher, so this one is added after it.
      this.worker.ensureRunning();
      this.subscriptions.set(watchId, { onChange, options });
      this.worker.post({ type: 'watch', watchId, options });
    } catch {
      // The worker cannot run (closed, or crashed too often); the next call reports why.
    }
    return {
      dispose: () => {
        if (this.subscriptions.delete(watchId)) this.worker.postIfRunning({ type: 'unwatch', watchId });
      },
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new TrackingError(this.uri, 'the store was closed before the request finished', 'CANCELLED'));
    this.subscriptions.clear();
    this.worker.close();
  }

  private call<M extends QueryMethod>(method: M, args: StoreQueries[M], signal?: AbortSignal): Promise<QueryResult<M>> {
    return new Promise<QueryResult<M>>((resolve, reject) => {
      if (signal?.aborted) {
        reject(cancelled(this.uri));
        return;
      }
      const id = this.nextId++;
      const onAbort = () => {
        if (!this.calls.has(id)) return;
        this.settle(id)?.reject(cancelled(this.uri));
        this.worker.postIfRunning({ type: 'cancel', id });
      };
      this.calls.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as QueryResult<M>);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.worker.post({ type: 'call', id, method, args } as CallRequest);
      } catch (error) {
        this.settle(id)?.reject(error);
      }
    });
  }

  /** Takes the call out of the pending set, so it settles exactly once. */
  private settle(id: number): PendingCall | undefined {
    const call = this.calls.get(id);
    this.calls.delete(id);
    return call;
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'result':
        if (!this.calls.has(message.id)) return;
        decodeResult(message.value, message.slices, () => this.calls.has(message.id)).then(
          (value) => this.settle(message.id)?.resolve(value),
          (error: unknown) => this.settle(message.id)?.reject(error),
        );
        break;
      case 'error':
        this.settle(message.id)?.reject(deserializeError(message.error));
        break;
      case 'change':
        this.subscriptions.get(message.watchId)?.onChange(message.change);
        break;
    }
  }

  private resubscribe(restarted: boolean): void {
    for (const [watchId, { options }] of this.subscriptions) this.worker.postIfRunning({ type: 'watch', watchId, options });
    // Whatever changed while no worker was watching went unnoticed.
    if (!restarted) return;
    const watchIds = [...this.subscriptions.keys()];
    queueMicrotask(() => {
      for (const watchId of watchIds) this.subscriptions.get(watchId)?.onChange(EVERYTHING_CHANGED);
    });
  }

  private crashed(error: TrackingError): void {
    this.rejectAll(error);
    if (this.subscriptions.size === 0) return;
    try {
      this.worker.ensureRunning();
    } catch {
      // Crashed too often: watching stops, and the next call says why.
    }
  }

  private rejectAll(error: TrackingError): void {
    const calls = [...this.calls.values()];
    this.calls.clear();
    for (const call of calls) call.reject(error);
  }
}

function cancelled(uri: string): TrackingError {
  return new TrackingError(uri, 'cancelled', 'CANCELLED');
}
