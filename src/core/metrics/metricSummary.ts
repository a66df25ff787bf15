import type { Run, RunStatus } from '../tracking/types';
import { type MetricGoal, metricGoal } from './metricGoal';

/** One run's latest value of a metric. */
export interface RunMetricValue {
  runId: string;
  runName: string;
  experimentId: string;
  status: RunStatus;
  value: number;
}

export interface MetricSummary {
  key: string;
  goal: MetricGoal;
  /** newest run first; only runs that logged the metric */
  runs: RunMetricValue[];
  /** the run with the best latest value; NaN and infinities never count as best */
  best: RunMetricValue | undefined;
}

/** Summarizes `key` over runs ordered newest first; runs without the metric are left out. */
export function summarizeMetric(key: string, runs: readonly Run[]): MetricSummary {
  const goal = metricGoal(key);
  const values: RunMetricValue[] = [];
  for (const run of runs) {
    if (!(key in run.data.metrics)) continue;
    const { run_id: runId, run_name: runName, experiment_id: experimentId, status } = run.info;
    values.push({ runId, runName, experimentId, status, value: run.data.metrics[key] });
  }
  let best: RunMetricValue | undefined;
  for (const candidate of values) {
    if (!Number.isFinite(candidate.value)) continue;
    // strictly better, so a tie goes to the newer run
    if (!best || (goal === 'lower' ? candidate.value < best.value : candidate.value > best.value)) best = candidate;
  }
  return { key, goal, runs: values, best };
}
