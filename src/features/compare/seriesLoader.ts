import { downsample } from '../../core/metrics/downsample';
import type { MetricPoint } from '../../core/tracking/types';
import type { EncodedSeries } from '../../protocol/compare';
import { type MetricStats, metricStats } from './runSummary';
import { encodeSeries, encodedSeriesJsonLength } from './seriesEncoding';

export type ReadHistory = (runId: string, key: string, signal: AbortSignal) => Promise<MetricPoint[]>;

export interface LoadedSeries {
  series: EncodedSeries;
  /** over the whole history, before reduction */
  stats: MetricStats | undefined;
  /** the series' length as JSON */
  bytes: number;
}

export interface SeriesLoaderOptions {
  readHistory: ReadHistory;
  /** points per series; undefined sends whole histories (only the bench asks for that) */
  pointBudget: number | undefined;
  /** histories read at once: enough to keep a worker or a server busy, few enough to bound memory */
  concurrency: number;
  /** encoded series kept for re-sending (a reloaded webview asks again) */
  cacheBytes: number;
}

interface Task {
  id: string;
  runId: string;
  key: string;
  promise: Promise<LoadedSeries>;
  resolve(value: LoadedSeries): void;
  reject(error: unknown): void;
}

export class LoadCancelled extends Error {
  constructor() {
    super('no longer needed');
    this.name = 'AbortError';
  }
}

export const seriesId = (runId: string, key: string) => `${runId}\u0000${key}`;

/**
 * Reads, reduces and encodes metric histories with bounded concurrency. Only the reduced series is
 * kept (a raw history is dropped as soon as it is reduced), and loads the app is waiting for run
 * before speculative ones.
 */
export class SeriesLoader {
  private readonly cache = new Map<string, LoadedSeries>();
  private cachedBytes = 0;
  private readonly loading = new Map<string, Task>();
  private readonly urgent: Task[] = [];
  private readonly later: Task[] = [];
  private running = 0;
  private readonly controller = new AbortController();

  constructor(private readonly options: SeriesLoaderOptions) {}

  cached(runId: string, key: string): LoadedSeries | undefined {
    return this.cache.get(seriesId(runId, key));
  }

  /** The series from the cache, the load under way, or a new load; `urgent` loads jump the queue. */
  get(runId: string, key: string, urgent: boolean): Promise<LoadedSeries> {
    const id = seriesId(runId, key);
    const hit = this.cache.get(id);
    if (hit) return Promise.resolve(hit);
    const pending = this.loading.get(id);
    if (pending) {
      if (urgent) this.promote(pending);
      return pending.promise;
    }
    return this.enqueue(id, runId, key, urgent).promise;
  }

  /** Reads the history again (a run that is training), after any load of it under way. */
  async reload(runId: string, key: string): Promise<LoadedSeries> {
    const id = seriesId(runId, key);
    await this.loading.get(id)?.promise.catch(() => undefined);
    this.forget(id);
    return this.get(runId, key, true);
  }

  /** Drops queued speculative loads the app turned out not to want. */
  dropSpeculative(keep: (runId: string, key: string) => boolean): void {
    for (let i = this.later.length - 1; i >= 0; i--) {
      const task = this.later[i];
      if (keep(task.runId, task.key)) continue;
      this.later.splice(i, 1);
      this.loading.delete(task.id);
      task.reject(new LoadCancelled());
    }
  }

  dispose(): void {
    this.controller.abort();
    for (const task of [...this.urgent, ...this.later]) task.reject(new LoadCancelled());
    this.urgent.length = 0;
    this.later.length = 0;
    this.loading.clear();
    this.cache.clear();
  }

  private enqueue(id: string, runId: string, key: string, urgent: boolean): Task {
    let resolve!: (value: LoadedSeries) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<LoadedSeries>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Speculative loads may be dropped without anyone awaiting them.
    promise.catch(() => undefined);
    const task: Task = { id, runId, key, promise, resolve, reject };
    this.loading.set(id, task);
    (urgent ? this.urgent : this.later).push(task);
    this.pump();
    return task;
  }

  private promote(task: Task): void {
    const index = this.later.indexOf(task);
    if (index < 0) return;
    this.later.splice(index, 1);
    this.urgent.push(task);
  }

  private pump(): void {
    while (this.running < this.options.concurrency && !this.controller.signal.aborted) {
      const task = this.urgent.shift() ?? this.later.shift();
      if (!task) return;
      this.running++;
      void this.load(task).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async load(task: Task): Promise<void> {
    try {
      const history = await this.options.readHistory(task.runId, task.key, this.controller.signal);
      const { pointBudget } = this.options;
      const points = pointBudget === undefined ? history : downsample(history, pointBudget);
      const series = encodeSeries(task.runId, task.key, points, history.length);
      const loaded: LoadedSeries = { series, stats: metricStats(history), bytes: encodedSeriesJsonLength(series) };
      if (this.loading.get(task.id) === task) {
        this.loading.delete(task.id);
        if (pointBudget !== undefined) this.remember(task.id, loaded);
      }
      task.resolve(loaded);
    } catch (error) {
      if (this.loading.get(task.id) === task) this.loading.delete(task.id);
      task.reject(error);
    }
  }

  private remember(id: string, loaded: LoadedSeries): void {
    this.forget(id);
    this.cache.set(id, loaded);
    this.cachedBytes += loaded.bytes;
    // Oldest first: what was sent longest ago is the least likely to be asked for again.
    for (const [oldId, old] of this.cache) {
      if (this.cachedBytes <= this.options.cacheBytes || oldId === id) break;
      this.cache.delete(oldId);
      this.cachedBytes -= old.bytes;
    }
  }

  private forget(id: string): void {
    const old = this.cache.get(id);
    if (!old) return;
    this.cache.delete(id);
    this.cachedBytes -= old.bytes;
  }
}
