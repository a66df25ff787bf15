import { downsample } from '../../../src/core/metrics/downsample';
import type { MetricPoint } from '../../../src/core/tracking/types';
import { encodeSeries } from '../../../src/features/compare/seriesEncoding';
import { seriesPointBudget } from '../../../src/features/compare/seriesBudget';
import type { EncodedSeries, HostToWebview, RunSummary } from '../../../src/protocol/compare';

export const runCount = 100;
/** the one long history: 100,000 steps per run, reduced by the host's own rules */
export const longMetric = 'loss';
export const longSteps = 100_000;
export const metricKeys = [longMetric, 'accuracy', 'val_loss', 'val_accuracy', 'learning_rate', 'grad_norm', 'throughput', 'epoch_time'];
export const paramKeys = ['batch_size', 'epochs', 'lr', 'optimizer', 'seed'];
const shortSteps = 3000;
const startOf = (i: number): number => Date.UTC(2025, 0, 6, 9, 0, 0) + i * 60_000;
const stepMs = (i: number): number => 40 + (i % 10);

/** Deterministic noise in [-0.5, 0.5): the same run looks the same in every test run. */
function noise(i: number, step: number): number {
  const x = Math.sin(i * 12.9898 + step * 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

function value(key: string, i: number, step: number, steps: number): number {
  const t = step / steps;
  switch (key) {
    case 'loss':
      // Run 3 diverges to NaN for a while, run 5 has one infinite spike, run 7 goes below zero.
      if (i === 3 && step > 60_000 && step < 61_000) return Number.NaN;
      if (i === 5 && step === 50_000) return Number.POSITIVE_INFINITY;
      return Math.exp(-t * (3 + (i % 7) * 0.4)) * (1 + 0.3 * noise(i, step)) + 0.02 * (i % 5) - (i === 7 ? 0.2 : 0);
    case 'accuracy':
    case 'val_accuracy':
      return Math.min(1, 0.5 + 0.45 * (1 - Math.exp(-t * (2 + (i % 5)))) + 0.02 * noise(i, step));
    case 'learning_rate':
      return 10 ** -(1 + (i % 4)) * 0.5 * (1 + Math.cos(Math.PI * t));
    default:
      return (1 + (i % 9)) * (1 + 0.5 * Math.sin(t * 6 + i)) + 0.2 * noise(i, step);
  }
}

export function history(key: string, i: number): MetricPoint[] {
  const steps = key === longMetric ? longSteps : shortSteps;
  const points: MetricPoint[] = new Array(steps);
  for (let step = 0; step < steps; step++) {
    points[step] = { step, timestamp: startOf(i) + 5000 + step * stepMs(i), value: value(key, i, step, steps) };
  }
  return points;
}

/** 32 characters like MLflow's run ids, the index readable at the front */
export const runId = (i: number): string => `run${String(i).padStart(3, '0')}${((i + 1) * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(4).slice(0, 26)}`;

export function runs(): RunSummary[] {
  return Array.from({ length: runCount }, (_, i) => {
    const metrics: RunSummary['metrics'] = {};
    const metricStats: RunSummary['metricStats'] = {};
    for (const key of metricKeys) {
      const steps = key === longMetric ? longSteps : shortSteps;
      metrics[key] = value(key, i, steps - 1, steps);
      metricStats[key] = { min: value(key, i, steps - 1, steps) - 0.1, max: value(key, i, 0, steps) + 0.1 };
    }
    if (i === 3) metrics.loss = 'NaN';
    return {
      runId: runId(i),
      runName: `run-${i}`,
      experimentId: '1',
      experimentName: i < 50 ? 'baseline' : 'sweep',
      status: i === 99 ? 'RUNNING' : i === 98 ? 'FAILED' : 'FINISHED',
      startTime: startOf(i),
      endTime: i === 99 ? null : startOf(i) + 5000 + longSteps * stepMs(i),
      colorIndex: i,
      params: {
        batch_size: String(32 * (1 + (i % 3))),
        epochs: '10',
        lr: ['0.1', '0.01', '0.001', '0.0001'][i % 4],
        optimizer: i % 2 === 0 ? 'adam' : 'sgd',
        seed: '42',
      },
      metrics,
      metricStats,
      gitCommit: (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(5),
      datasets: i % 2 === 0 ? ['train-v2', 'eval-v2'] : ['train-v1'],
    };
  });
}

export function initMessage(): HostToWebview {
  return { type: 'init', runs: runs(), metricKeys, paramKeys, theme: 'dark' };
}

/** What the host sends for one metric: every run's history reduced to the per-run budget and encoded. */
export function seriesFor(key: string): EncodedSeries[] {
  const budget = seriesPointBudget(runCount);
  return Array.from({ length: runCount }, (_, i) => {
    const full = history(key, i);
    return encodeSeries(runId(i), key, downsample(full, budget), full.length);
  });
}
