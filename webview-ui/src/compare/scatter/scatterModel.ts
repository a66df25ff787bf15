import type { RunSummary } from '../../../../src/protocol/compare';
import { axisScale, axisValue, runValue, type AxisScale } from '../logic/runValues';
import type { ValueSource } from '../logic/viewState';

export interface ScatterPoint {
  x: number;
  y: number;
  run: RunSummary;
}

export interface ScatterModel {
  points: ScatterPoint[];
  xScale: AxisScale;
  /** shown runs without a usable value on one of the axes */
  missing: number;
}

/** Categorical x values become category indexes; the axis labels them back. */
export function scatterModel(allRuns: readonly RunSummary[], shownRuns: readonly RunSummary[], x: ValueSource, yMetric: string): ScatterModel {
  const xScale = axisScale(allRuns, x);
  const yScale = axisScale(allRuns, { kind: 'metric', key: yMetric });
  const points: ScatterPoint[] = [];
  let missing = 0;
  for (const run of shownRuns) {
    const xv = axisValue(xScale, runValue(run, x));
    const yv = axisValue(yScale, runValue(run, { kind: 'metric', key: yMetric }));
    if (xv === undefined || yv === undefined) missing++;
    else points.push({ x: xv, y: yv, run });
  }
  // chart.js takes unparsed data to be sorted by x (it reads the x range off the ends).
  points.sort((a, b) => a.x - b.x);
  return { points, xScale, missing };
}

export const encodeSource = (source: ValueSource): string => `${source.kind}:${source.key}`;

export function decodeSource(value: string): ValueSource | null {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  if (kind !== 'param' && kind !== 'metric') return null;
  return { kind, key: value.slice(colon + 1) };
}
