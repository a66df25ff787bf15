import type { RunSummary, XAxisMode } from '../../../../src/protocol/compare';
import type { PreparedLine } from '../logic/linePoints';
import { formatNumber } from '../logic/metricNumber';
import { formatX, xAxisLabels } from './axisFormat';

export interface PlottedLine {
  run: RunSummary;
  line: PreparedLine;
  /** points the host sent, and the run's full history */
  sentPoints: number;
  totalPoints: number;
}

/** What a screen reader hears for a chart canvas: extent, range and the runs that end best and worst. */
export function describeChart(metricKey: string, xAxis: XAxisMode, lines: readonly PlottedLine[], smoothing: number): string {
  if (lines.length === 0) return `${metricKey}: no data yet.`;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  const lastValues: { name: string; value: number }[] = [];
  for (const { run, line } of lines) {
    if (line.xs.length > 0) {
      xMin = Math.min(xMin, line.xs[0]);
      xMax = Math.max(xMax, line.xs[line.xs.length - 1]);
    }
    let last = Number.NaN;
    for (let i = 0; i < line.ys.length; i++) {
      const y = line.ys[i];
      if (!Number.isFinite(y)) continue;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      last = y;
    }
    if (Number.isFinite(last)) lastValues.push({ name: run.runName || run.runId, value: last });
  }
  const parts = [`${metricKey}: line chart of ${lines.length} run${lines.length === 1 ? '' : 's'}`];
  if (xMax >= xMin) parts.push(`against ${xAxisLabels[xAxis].toLowerCase()} from ${formatX(xAxis, xMin, xMax - xMin)} to ${formatX(xAxis, xMax, xMax - xMin)}`);
  if (yMax >= yMin) parts.push(`values from ${formatNumber(yMin)} to ${formatNumber(yMax)}${smoothing > 0 ? ` (smoothed, weight ${smoothing})` : ''}`);
  let text = `${parts.join(', ')}.`;
  if (lastValues.length > 1) {
    lastValues.sort((a, b) => a.value - b.value);
    const low = lastValues[0];
    const high = lastValues[lastValues.length - 1];
    text += ` Lowest last value: ${low.name} (${formatNumber(low.value)}); highest: ${high.name} (${formatNumber(high.value)}).`;
  }
  return text;
}
