import type { MetricNumber, RunSummary } from '../../protocol/compare';
import type { MetricPoint, Run } from '../../core/tracking/types';

export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';

export interface MetricStats {
  min: number;
  max: number;
}

/** JSON has no NaN or infinities; the protocol spells them as MLflow does. */
export function toMetricNumber(value: number): MetricNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

/** Lowest and highest value of a whole history; NaN only when every value is NaN. */
export function metricStats(points: readonly MetricPoint[]): MetricStats | undefined {
  if (points.length === 0) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let numbers = 0;
  for (const { value } of points) {
    if (Number.isNaN(value)) continue;
    numbers++;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return numbers === 0 ? { min: Number.NaN, max: Number.NaN } : { min, max };
}

export function runDisplayName(run: Run): string {
  return run.info.run_name || run.info.run_id.slice(0, 8);
}

/**
 * What the panel shows of one run. `colorIndex` is the run's position in the selection, so it
 * keeps its colour through refreshes and restores; stats exist for the metrics whose history
 * has been read.
 */
export function toRunSummary(run: Run, colorIndex: number, experimentName: string, stats: ReadonlyMap<string, MetricStats>): RunSummary {
  const metrics: Record<string, MetricNumber> = {};
  for (const [key, value] of Object.entries(run.data.metrics)) metrics[key] = toMetricNumber(value);
  const metricStatsByKey: RunSummary['metricStats'] = {};
  for (const [key, { min, max }] of stats) metricStatsByKey[key] = { min: toMetricNumber(min), max: toMetricNumber(max) };
  return {
    runId: run.info.run_id,
    runName: runDisplayName(run),
    experimentId: run.info.experiment_id,
    experimentName,
    status: run.info.status,
    startTime: run.info.start_time,
    endTime: run.info.end_time,
    colorIndex,
    params: { ...run.data.params },
    metrics,
    metricStats: metricStatsByKey,
    gitCommit: run.data.tags[GIT_COMMIT_TAG] ?? null,
    datasets: run.inputs.dataset_inputs.map((input) => `${input.dataset.name}@${input.dataset.digest}`),
  };
}

/** Every key of the runs, sorted as people read them ("step_2" before "step_10"). */
export function unionOfKeys(records: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys].sort(naturalOrder);
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
function naturalOrder(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
