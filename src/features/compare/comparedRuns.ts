import { describeError } from '../../core/tracking/errors';
import type { Run, TrackingStore } from '../../core/tracking/types';
import type { RunSummary } from '../../protocol/compare';
import { mapWithLimit } from './limitConcurrency';
import { type MetricStats, runDisplayName, toRunSummary, unionOfKeys } from './runSummary';

const RUN_READS_AT_ONCE = 8;

export interface RunProblem {
  runId: string;
  message: string;
}

/**
 * The runs of one comparison, in the order they were selected (which gives each its colour), with
 * the stats of the histories read so far. Runs that cannot be read are left out, not fatal.
 */
export class ComparedRuns {
  private readonly runs = new Map<string, Run>();
  private readonly stats = new Map<string, Map<string, MetricStats>>();
  private experimentNames = new Map<string, string>();
  readonly runIds: readonly string[];

  constructor(runIds: readonly string[]) {
    this.runIds = [...new Set(runIds)];
  }

  /** Reads the runs (all of them, or just `only`); returns what could not be read. */
  async load(store: TrackingStore, signal?: AbortSignal, only?: readonly string[]): Promise<RunProblem[]> {
    const ids = only ?? this.runIds;
    const [experiments, results] = await Promise.all([
      store.listExperiments('all', signal).catch(() => undefined),
      mapWithLimit(ids, RUN_READS_AT_ONCE, (runId) => store.getRun(runId, signal).then(
        (run) => ({ runId, run }),
        (error: unknown) => ({ runId, error }),
      )),
    ]);
    if (experiments) this.experimentNames = new Map(experiments.items.map((e) => [e.experiment_id, e.name]));
    signal?.throwIfAborted();
    const problems: RunProblem[] = [];
    for (const result of results) {
      if ('run' in result) this.runs.set(result.runId, result.run);
      else problems.push({ runId: result.runId, message: describeError(result.error) });
    }
    return problems;
  }

  get loaded(): Run[] {
    return this.runIds.map((id) => this.runs.get(id)).filter((run): run is Run => run !== undefined);
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  /** Reads `runIds` again; returns those whose summary changed. */
  async refresh(store: TrackingStore, runIds: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const before = new Map(runIds.map((id) => [id, this.fingerprint(id)]));
    await this.load(store, signal, runIds);
    return runIds.filter((id) => this.fingerprint(id) !== before.get(id));
  }

  /** Records a history's stats; true when they changed. */
  setStats(runId: string, key: string, stats: MetricStats | undefined): boolean {
    if (!stats) return false;
    let byKey = this.stats.get(runId);
    if (!byKey) this.stats.set(runId, (byKey = new Map()));
    const before = byKey.get(key);
    byKey.set(key, stats);
    return !before || !Object.is(before.min, stats.min) || !Object.is(before.max, stats.max);
  }

  metricKeysWithStats(runId: string): string[] {
    return [...(this.stats.get(runId)?.keys() ?? [])];
  }

  hasStats(runId: string, key: string): boolean {
    return this.stats.get(runId)?.has(key) ?? false;
  }

  runsWithMetric(key: string): Run[] {
    return this.loaded.filter((run) => key in run.data.metrics);
  }

  running(): Run[] {
    return this.loaded.filter((run) => run.info.status === 'RUNNING' || run.info.status === 'SCHEDULED');
  }

  metricKeys(): string[] {
    return unionOfKeys(this.loaded.map((run) => run.data.metrics));
  }

  paramKeys(): string[] {
    return unionOfKeys(this.loaded.map((run) => run.data.params));
  }

  summaries(runIds?: Iterable<string>): RunSummary[] {
    const wanted = runIds ? new Set(runIds) : undefined;
    return this.loaded.filter((run) => !wanted || wanted.has(run.info.run_id)).map((run) => this.summaryOf(run));
  }

  nameOf(runId: string): string {
    const run = this.runs.get(runId);
    return run ? runDisplayName(run) : runId.slice(0, 8);
  }

  private fingerprint(runId: string): string {
    const run = this.runs.get(runId);
    return run ? JSON.stringify(this.summaryOf(run)) : '';
  }

  private summaryOf(run: Run): RunSummary {
    const colorIndex = this.runIds.indexOf(run.info.run_id);
    const experimentName = this.experimentNames.get(run.info.experiment_id) ?? run.info.experiment_id;
    return toRunSummary(run, colorIndex, experimentName, this.stats.get(run.info.run_id) ?? new Map());
  }
}
