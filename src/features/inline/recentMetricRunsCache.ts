import type * as vscode from 'vscode';
import { type MetricSummary, summarizeMetric } from '../../core/metrics/metricSummary';
import { recentRunsWithMetric } from '../../core/metrics/recentMetricRuns';
import { describeError } from '../../core/tracking/errors';
import type { MetricPoint } from '../../core/tracking/types';
import type { Logger } from '../../vscode/logger';
import type { WorkspaceStores } from '../stores/workspaceStores';
import type { InlineSettings } from './inlineSettings';

export type MetricLookup =
  | { status: 'ready'; summary: MetricSummary }
  /** the folder has no store, or it cannot be read (`message` says why) */
  | { status: 'unavailable'; message?: string };

interface FolderEntry {
  /** aborted when the entry is dropped, so a stale read stops */
  controller: AbortController;
  summaries: Map<string, Promise<MetricLookup>>;
  /** by run id and key */
  histories: Map<string, Promise<MetricPoint[]>>;
}

/**
 * What each folder's store says about the metrics in open Python files: the recent runs that
 * logged each key and their histories, read once and kept until the store changes.
 */
export class RecentMetricRunsCache implements vscode.Disposable {
  private readonly folders = new Map<string, FolderEntry>();
  private disposed = false;

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly settings: InlineSettings,
    private readonly logger: Logger,
  ) {}

  /** The recent runs of the folder's store that logged `key`. */
  async lookup(folder: vscode.WorkspaceFolder, key: string): Promise<MetricLookup> {
    for (;;) {
      const entry = this.entry(folder);
      let summary = entry.summaries.get(key);
      if (!summary) {
        summary = this.read(folder, key, entry.controller.signal);
        entry.summaries.set(key, summary);
        // a failure is not kept: the next lookup tries again
        summary.catch(() => entry.summaries.get(key) === summary && entry.summaries.delete(key));
      }
      try {
        return await summary;
      } catch (error) {
        // dropped while reading: read again from the store as it is now
        if (entry.controller.signal.aborted && !this.disposed) continue;
        this.logger.debug(`Inline metrics: cannot read ${key} in ${folder.name}: ${describeError(error)}`);
        return { status: 'unavailable', message: describeError(error) };
      }
    }
  }

  /** Each run's history of `key`; a history that cannot be read is left out. */
  async histories(folder: vscode.WorkspaceFolder, key: string, runIds: readonly string[]): Promise<Map<string, MetricPoint[]>> {
    const entry = this.entry(folder);
    const store = await this.stores.get(folder);
    const result = new Map<string, MetricPoint[]>();
    if (store.status !== 'ready') return result;
    await Promise.all(
      runIds.map(async (runId) => {
        const id = `${runId}\0${key}`;
        let history = entry.histories.get(id);
        if (!history) {
          history = store.store.getMetricHistory(runId, key, entry.controller.signal);
          entry.histories.set(id, history);
          history.catch(() => entry.histories.get(id) === history && entry.histories.delete(id));
        }
        try {
          result.set(runId, await history);
        } catch (error) {
          this.logger.debug(`Inline metrics: no history of ${key} for run ${runId}: ${describeError(error)}`);
        }
      }),
    );
    return result;
  }

  /** Forgets what was read from one folder's store (or all), and stops reads in progress. */
  invalidate(folder?: vscode.WorkspaceFolder): void {
    const keys = folder ? [folder.uri.toString()] : [...this.folders.keys()];
    for (const key of keys) {
      this.folders.get(key)?.controller.abort();
      this.folders.delete(key);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.invalidate();
  }

  private entry(folder: vscode.WorkspaceFolder): FolderEntry {
    const key = folder.uri.toString();
    let entry = this.folders.get(key);
    if (!entry) {
      entry = { controller: new AbortController(), summaries: new Map(), histories: new Map() };
      this.folders.set(key, entry);
    }
    return entry;
  }

  private async read(folder: vscode.WorkspaceFolder, key: string, signal: AbortSignal): Promise<MetricLookup> {
    const entry = await this.stores.get(folder);
    if (entry.status === 'noStore') return { status: 'unavailable' };
    if (entry.status === 'error') return { status: 'unavailable', message: entry.message };
    const recent = await recentRunsWithMetric(entry.store, key, this.settings.recentRuns(), signal);
    for (const problem of recent.problems) this.logger.debug(`Inline metrics: ${problem.item}: ${problem.message}`);
    return { status: 'ready', summary: summarizeMetric(key, recent.runs) };
  }
}
