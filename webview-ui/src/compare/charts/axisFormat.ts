import type { XAxisMode } from '../../../../src/protocol/compare';
import { formatNumber } from '../logic/metricNumber';
import { formatTimestamp } from '../logic/runInfo';
import { formatDuration, timeTicks } from '../logic/timeAxis';

export const xAxisLabels: Record<XAxisMode, string> = {
  step: 'Step',
  wallTime: 'Wall time',
  relativeTime: 'Relative time',
};

const day = 24 * 3600 * 1000;

/** How an x value reads on ticks and in tooltips; `spanMs` picks the wall-clock precision. */
export function formatX(mode: XAxisMode, value: number, spanMs = 0): string {
  if (mode === 'step') return Number.isInteger(value) ? value.toLocaleString('en-US') : formatNumber(value);
  if (mode === 'relativeTime') return formatDuration(value);
  const text = formatTimestamp(value);
  // Date and time for long spans, the time of day for a single day's training.
  return spanMs > day ? text.slice(5, 16) : text.slice(11);
}

/** Ticks at round durations for the time axes; chart.js's own round numbers suit steps. */
export function xTickValues(mode: XAxisMode, min: number, max: number, maxTicks: number): number[] | null {
  return mode === 'step' ? null : timeTicks(min, max, maxTicks);
}
