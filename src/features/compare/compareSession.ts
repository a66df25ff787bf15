import { describeError } from '../../core/tracking/errors';
import type { TrackingStore } from '../../core/tracking/types';
import type { ComparePanelState, FirstCharts, HostToWebview, WebviewToHost } from '../../protocol/compare';
import type { Logger } from '../../vscode/logger';
import type { CompareDialogs } from './compareExports';
import { exportHistoriesCsv, exportRunsCsv, savePng } from './compareExports';
import { ComparedRuns, type RunProblem } from './comparedRuns';
import { SeriesBatches } from './seriesBatches';
import { seriesPointBudget } from './seriesBudget';
import { type LoadedSeries, SeriesLoader, seriesId } from './seriesLoader';

export type ThemeKind = 'light' | 'dark' | 'highContrast';

export interface CompareSessionOptions {
  runIds: readonly string[];
  /** what the app keeps with setState, so the panel can be restored after a reload */
  panelState: ComparePanelState;
  post(message: HostToWebview): void;
  /** the folder's store, asked for each time: it is reopened when its settings change */
  store(): Promise<TrackingStore>;
  theme(): ThemeKind;
  dialogs: CompareDialogs;
  logger: Logger;
  /** bench only: send whole histories instead of reduced series */
  rawHistories?: boolean;
  onFirstPaint?(sinceStartMs: number): void;
  onAppError?(message: string): void;
}

/** metrics whose histories are read while the webview starts, in the order the app draws charts */
const PREFETCHED_KEYS = 2;
/** a page's first row holds one or two charts: a larger hint is not trusted */
const MOST_FIRST_CHARTS = 4;
const HISTORY_READS_AT_ONCE = 4;
const MAX_BATCH_BYTES = 1024 * 1024;
const BATCH_DELAY_MS = 100;
const CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The host's side of one Compare panel, without the editor: answers the app's messages. Nothing
 * is posted before `ready`; each `ready` (a reloaded page) starts a new page generation, and work
 * for an earlier page is not posted to the new one.
 */
export class CompareSession {
  readonly runs: ComparedRuns;
  readonly loader: SeriesLoader;
  private readonly loaded: Promise<RunProblem[]>;
  private readonly requestedKeys = new Set<string>();
  /** the (run, metric) stats the current page has been sent */
  private statsSent = new Set<string>();
  private page = 0;
  private initialized = false;
  private readyBefore = false;
  private readonly batches = new Set<SeriesBatches>();
  private readonly controller = new AbortController();

  constructor(private readonly options: CompareSessionOptions) {
    this.runs = new ComparedRuns(options.runIds);
    this.loader = new SeriesLoader({
      readHistory: async (runId, key, signal) => (await options.store()).getMetricHistory(runId, key, signal),
      pointBudget: options.rawHistories ? undefined : seriesPointBudget(this.runs.runIds.length),
      concurrency: HISTORY_READS_AT_ONCE,
      cacheBytes: CACHE_BYTES,
    });
    this.loaded = this.loadRuns();
  }

  /** True once the app has been sent `init` (and not reloaded since). */
  get live(): boolean {
    return this.initialized;
  }

  async receive(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.ready(message.firstCharts);
      case 'requestSeries':
        return this.requestSeries(strings(message.keys));
      case 'exportCsv':
        return this.userAction('Export CSV', () => {
          const metricKeys = strings(message.metricKeys);
          return message.kind === 'histories'
            ? exportHistoriesCsv(this.options.dialogs, this.runs, this.options.store, metricKeys)
            : exportRunsCsv(this.options.dialogs, this.runs, this.loader, strings(message.paramKeys), metricKeys);
        });
      case 'savePng':
        return this.userAction('Save chart image', () => savePng(this.options.dialogs, String(message.fileName), String(message.pngBase64)));
      case 'firstPaint':
        this.options.onFirstPaint?.(Number(message.sinceStartMs));
        return;
      case 'log':
        return this.appLog(message.level, String(message.message));
    }
  }

  /** The page is gone (hidden without retained context, or disposed): its requests are dropped. */
  pageGone(): void {
    this.page++;
    this.initialized = false;
    for (const batches of this.batches) batches.cancel();
    this.batches.clear();
  }

  postTheme(): void {
    if (this.initialized) this.options.post({ type: 'theme', theme: this.options.theme() });
  }

  /**
   * Reads the training runs again, and the histories the app has asked for, and posts what
   * changed. Returns whether any compared run is still training.
   */
  async refreshRunning(): Promise<boolean> {
    const running = this.runs.running().map((run) => run.info.run_id);
    if (running.length === 0) return false;
    const page = this.page;
    const keysBefore = this.runs.metricKeys().join('\n');
    const changedRuns = await this.runs.refresh(await this.options.store(), running, this.controller.signal);
    const changed = new Set(changedRuns);
    const pairs = [...this.requestedKeys].flatMap((key) => running.filter((runId) => key in (this.runs.get(runId)?.data.metrics ?? {})).map((runId) => [runId, key] as const));
    const reloaded = await Promise.all(pairs.map(async ([runId, key]) => {
      const before = this.loader.cached(runId, key);
      const after = await this.loader.reload(runId, key).catch(() => undefined);
      if (!after || (before && sameSeries(before, after))) return undefined;
      if (this.runs.setStats(runId, key, after.stats)) changed.add(runId);
      return after.series;
    }));
    if (page !== this.page || !this.initialized) return this.runs.running().length > 0;
    const series = reloaded.filter((s) => s !== undefined);
    if (series.length > 0) this.options.post({ type: 'series', series });
    const metricKeys = this.runs.metricKeys();
    if (changed.size > 0 || metricKeys.join('\n') !== keysBefore) {
      this.options.post({ type: 'runs', runs: this.runs.summaries(changed), metricKeys });
    }
    return this.runs.running().length > 0;
  }

  dispose(): void {
    this.controller.abort();
    this.pageGone();
    this.loader.dispose();
  }

  private async loadRuns(): Promise<RunProblem[]> {
    const problems = await this.runs.load(await this.options.store(), this.controller.signal);
    if (this.runs.loaded.length === 0) {
      const first = problems[0];
      throw new Error(`none of the ${this.runs.runIds.length} runs could be read${first ? `: ${first.message}` : ''}`);
    }
    for (const problem of problems) this.options.logger.warn(`Compare: run ${problem.runId} left out: ${problem.message}`);
    this.prefetch();
    return problems;
  }

  // Reading histories while the webview starts is what makes the first chart appear early.
  private prefetch(): void {
    for (const key of this.runs.metricKeys().slice(0, PREFETCHED_KEYS)) {
      for (const run of this.runs.runsWithMetric(key)) {
        void this.loader.get(run.info.run_id, key, false).then((loaded) => this.runs.setStats(run.info.run_id, key, loaded.stats), () => undefined);
      }
    }
  }

  private async ready(firstCharts: FirstCharts | undefined): Promise<void> {
    this.pageGone();
    const page = this.page;
    let problems: RunProblem[];
    try {
      problems = await this.loaded;
      if (this.readyBefore) await this.runs.load(await this.options.store(), this.controller.signal);
      this.readyBefore = true;
    } catch (error) {
      this.options.logger.error('Compare: cannot read the runs', error);
      if (page === this.page) this.options.post({ type: 'error', message: `The runs could not be read: ${describeError(error)}` });
      return;
    }
    if (page !== this.page) return;
    const { runs } = this;
    this.statsSent = new Set(runs.loaded.flatMap((run) => runs.metricKeysWithStats(run.info.run_id).map((key) => seriesId(run.info.run_id, key))));
    this.options.post({
      type: 'init',
      runs: runs.summaries(),
      metricKeys: runs.metricKeys(),
      paramKeys: runs.paramKeys(),
      theme: this.options.theme(),
      panelState: this.options.panelState,
    });
    this.initialized = true;
    if (problems.length > 0) {
      const names = problems.map((p) => p.runId.slice(0, 8)).join(', ');
      this.options.post({ type: 'error', message: `${problems.length} of ${runs.runIds.length} runs could not be read and are left out (${names}): ${problems[0].message}` });
    }
    // Not awaited: `ready` is answered once init is out; these series follow as they are read.
    const keys = firstChartKeys(firstCharts, runs.metricKeys());
    if (keys.length > 0) void this.requestSeries(keys).catch((error: unknown) => this.options.logger.error('Compare: reading the first charts failed', error));
  }

  private async requestSeries(keys: string[]): Promise<void> {
    const page = this.page;
    if (!this.initialized) return;
    const known = new Set(this.runs.metricKeys());
    const wanted = keys.filter((key) => known.has(key));
    for (const key of wanted) this.requestedKeys.add(key);
    const pairs = wanted.flatMap((key) => this.runs.runsWithMetric(key).map((run) => [run.info.run_id, key] as const));
    this.loader.dropSpeculative((_runId, key) => this.requestedKeys.has(key));
    let pending = pairs.length;
    const failures: string[] = [];
    const batches = new SeriesBatches({
      send: (batch) => this.sendSeries(batch, pending, page),
      maxBatchBytes: MAX_BATCH_BYTES,
      delayMs: BATCH_DELAY_MS,
    });
    this.batches.add(batches);
    await Promise.all(pairs.map(([runId, key]) => this.loader.get(runId, key, true).then(
      (loaded) => {
        pending--;
        this.runs.setStats(runId, key, loaded.stats);
        batches.add(loaded);
      },
      (error: unknown) => {
        pending--;
        failures.push(`${key} of ${this.runs.nameOf(runId)}: ${describeError(error)}`);
      },
    )));
    batches.finish();
    this.batches.delete(batches);
    if (failures.length === 0 || page !== this.page || this.controller.signal.aborted) return;
    this.options.logger.warn(`Compare: ${failures.length} histories could not be read:\n${failures.join('\n')}`);
    this.options.post({ type: 'error', message: `${failures.length} metric histories could not be read (the log has each): ${failures[0]}` });
  }

  private sendSeries(batch: LoadedSeries[], pending: number, page: number): void {
    if (page !== this.page) return;
    this.options.post({ type: 'series', series: batch.map((loaded) => loaded.series), pending });
    // Stats of these histories the page has not seen yet: in init, or in an earlier batch.
    const runIds = new Set<string>();
    for (const { series } of batch) {
      const id = seriesId(series.runId, series.key);
      if (this.statsSent.has(id) || !this.runs.hasStats(series.runId, series.key)) continue;
      this.statsSent.add(id);
      runIds.add(series.runId);
    }
    if (runIds.size > 0) this.options.post({ type: 'runs', runs: this.runs.summaries(runIds), metricKeys: this.runs.metricKeys() });
  }

  private async userAction(what: string, action: () => Promise<string | undefined>): Promise<void> {
    try {
      const saved = await action();
      if (saved) this.options.logger.info(`Compare: ${what}: saved ${saved}`);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') return;
      this.options.logger.error(`Compare: ${what} failed`, error);
      this.options.post({ type: 'error', message: `${what} failed: ${describeError(error)}` });
    }
  }

  private appLog(level: string, message: string): void {
    const text = message.startsWith('Compare panel: ') ? message : `Compare panel: ${message}`;
    if (level === 'error') {
      this.options.logger.error(text);
      this.options.onAppError?.(message);
    } else if (level === 'warn') this.options.logger.warn(text);
    else this.options.logger.info(text);
  }
}

/** The metrics of the charts the page shows first, as the app works them out from the same keys. */
export function firstChartKeys(firstCharts: FirstCharts | undefined, metricKeys: readonly string[]): string[] {
  if (typeof firstCharts !== 'object' || firstCharts === null) return [];
  const { count } = firstCharts;
  if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0) return [];
  const chosen = firstCharts.metricKeys === null ? metricKeys : strings(firstCharts.metricKeys).filter((key) => metricKeys.includes(key));
  return chosen.slice(0, Math.min(count, MOST_FIRST_CHARTS));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function sameSeries(a: LoadedSeries, b: LoadedSeries): boolean {
  return a.series.totalPoints === b.series.totalPoints && a.series.values === b.series.values && a.series.steps === b.series.steps;
}
