import type { RunSummary } from '../../../../src/protocol/compare';
import { formatNumber } from '../logic/metricNumber';
import { axisFraction, axisScale, axisValue, runValue, type AxisScale } from '../logic/runValues';
import type { ValueSource } from '../logic/viewState';

export interface ParallelAxis {
  source: ValueSource;
  scale: AxisScale;
  /** run id → 0 (bottom) .. 1 (top); absent when the run has no value on this axis */
  positions: Map<string, number>;
}

export function buildParallelAxes(runs: readonly RunSummary[], sources: readonly ValueSource[]): ParallelAxis[] {
  return sources.map((source) => {
    const scale = axisScale(runs, source);
    const positions = new Map<string, number>();
    for (const run of runs) {
      const value = axisValue(scale, runValue(run, source));
      if (value !== undefined) positions.set(run.runId, axisFraction(scale, value));
    }
    return { source, scale, positions };
  });
}

/** Three significant digits: axis labels need to be told apart, not read to the last digit. */
function formatTick(value: number): string {
  return formatNumber(Number(value.toPrecision(3)));
}

/** Tick labels of an axis with their heights (0..1); long category lists are thinned to `max`. */
export function axisTicks(scale: AxisScale, max: number): { fraction: number; label: string }[] {
  if (scale.kind === 'numeric') {
    if (!(scale.max > scale.min)) return [{ fraction: 0.5, label: formatTick(scale.min) }];
    if (scale.log) {
      const ticks: { fraction: number; label: string }[] = [];
      for (let p = Math.ceil(Math.log10(scale.min)); p <= Math.floor(Math.log10(scale.max)); p++) {
        ticks.push({ fraction: axisFraction(scale, 10 ** p), label: formatTick(10 ** p) });
      }
      return ticks;
    }
    return [0, 0.25, 0.5, 0.75, 1].map((f) => ({ fraction: f, label: formatTick(scale.min + f * (scale.max - scale.min)) }));
  }
  const n = scale.categories.length;
  const every = Math.max(1, Math.ceil(n / max));
  return scale.categories
    .map((label, i) => ({ fraction: axisFraction(scale, i), label }))
    .filter((_, i) => i % every === 0 || i === n - 1);
}

/** The canvas's text alternative: the axes and where the runs with the best metric stand. */
export function describeParallel(runs: readonly RunSummary[], axes: readonly ParallelAxis[]): string {
  if (axes.length === 0) return 'Parallel coordinates: no axes chosen.';
  const names = axes.map((a) => `${a.source.key} (${a.scale.kind === 'numeric' ? 'numeric' : `${a.scale.categories.length} values`})`);
  let text = `Parallel coordinates of ${runs.length} runs over ${names.join(', ')}.`;
  const metric = axes[axes.length - 1];
  if (metric.source.kind === 'metric' && metric.scale.kind === 'numeric' && metric.positions.size > 0) {
    const sorted = runs.filter((r) => metric.positions.has(r.runId)).sort((a, b) => metric.positions.get(a.runId)! - metric.positions.get(b.runId)!);
    const low = sorted[0];
    const high = sorted[sorted.length - 1];
    text += ` ${metric.source.key} ranges from ${formatNumber(metric.scale.min)} (${low.runName || low.runId}) to ${formatNumber(metric.scale.max)} (${high.runName || high.runId}).`;
  }
  return text;
}
