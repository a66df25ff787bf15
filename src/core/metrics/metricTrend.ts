import type { MetricPoint } from '../tracking/types';

export type MetricTrend = 'up' | 'down' | 'flat';

/**
 * How the last point of a history compares with the one before it (histories come sorted by
 * step, then timestamp). Undefined with fewer than two points or when either is NaN.
 */
export function metricTrend(history: readonly MetricPoint[]): MetricTrend | undefined {
  if (history.length < 2) return undefined;
  const last = history[history.length - 1].value;
  const before = history[history.length - 2].value;
  if (Number.isNaN(last) || Number.isNaN(before)) return undefined;
  return last > before ? 'up' : last < before ? 'down' : 'flat';
}
