import type { XAxisMode } from '../../../../src/protocol/compare';
import type { DecodedSeries } from './seriesCodec';
import { emaSmooth } from './smoothing';

export interface LineOptions {
  xAxis: XAxisMode;
  smoothing: number;
  logScale: boolean;
}

/** One run's line, x ascending, ready for column reduction. */
export interface PreparedLine {
  xs: Float64Array;
  ys: Float64Array;
  /** finite values at or below zero, hidden on a log scale */
  hiddenNonPositive: number;
}

/** Relative time counts from the run's start, or from its first point when the start is unknown. */
export function xValuesFor(series: DecodedSeries, mode: XAxisMode, runStart: number | null): Float64Array {
  if (mode === 'step') return series.steps;
  if (mode === 'wallTime') return series.timestamps;
  const origin = runStart ?? (series.timestamps.length > 0 ? series.timestamps[0] : 0);
  const xs = new Float64Array(series.timestamps.length);
  for (let i = 0; i < xs.length; i++) xs[i] = series.timestamps[i] - origin;
  return xs;
}

/** The permutation that sorts xs ascending (stable), or null when they already are. */
export function ascendingOrder(xs: ArrayLike<number>): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < xs.length && sorted; i++) sorted = xs[i - 1] <= xs[i];
  if (sorted) return null;
  const order = new Uint32Array(xs.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => xs[a] - xs[b] || a - b);
}

function permuted(values: ArrayLike<number>, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
  return out;
}

/**
 * Smoothing runs in the order the points were logged (as TensorBoard does); only then are the
 * points sorted by x, since wall-clock time can disagree with the step order.
 */
export function prepareLine(series: DecodedSeries, runStart: number | null, options: LineOptions): PreparedLine {
  const rawXs = xValuesFor(series, options.xAxis, runStart);
  const smoothed = emaSmooth(series.values, options.smoothing);
  const order = ascendingOrder(rawXs);
  const xs = order ? permuted(rawXs, order) : rawXs;
  const ys = order ? permuted(smoothed, order) : smoothed;
  let hiddenNonPositive = 0;
  if (options.logScale) {
    for (let i = 0; i < ys.length; i++) {
      if (ys[i] <= 0) {
        ys[i] = Number.NaN;
        hiddenNonPositive++;
      }
    }
  }
  return { xs, ys, hiddenNonPositive };
}
