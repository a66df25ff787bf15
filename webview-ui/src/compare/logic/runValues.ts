import type { RunSummary } from '../../../../src/protocol/compare';
import { metricValue } from './metricNumber';
import type { ValueSource } from './viewState';

export type AxisScale =
  /** `log` when every value is positive and they span two orders of magnitude (learning rates) */
  | { kind: 'numeric'; min: number; max: number; log: boolean }
  | { kind: 'categorical'; categories: string[] };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A parameter's value as a number, when it is written as one ("0.01", "1e-3", " 32 "). */
export function numericParam(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The raw value of a run on a source: a metric's latest value, or a parameter's text. */
export function runValue(run: RunSummary, source: ValueSource): number | string | undefined {
  if (source.kind === 'metric') return source.key in run.metrics ? metricValue(run.metrics[source.key]) : undefined;
  return Object.prototype.hasOwnProperty.call(run.params, source.key) ? run.params[source.key] : undefined;
}

/**
 * Metrics get a numeric axis; so does a parameter whose every value is a number (learning
 * rates, batch sizes). Any other parameter (optimizer names, flags) is categorical.
 */
export function axisScale(runs: readonly RunSummary[], source: ValueSource): AxisScale {
  const values = runs.map((run) => runValue(run, source));
  const numbers: number[] = [];
  let allNumeric = true;
  for (const v of values) {
    if (v === undefined) continue;
    const n = typeof v === 'number' ? v : numericParam(v);
    if (n === undefined) allNumeric = false;
    else if (Number.isFinite(n)) numbers.push(n);
  }
  if (source.kind === 'metric' || (allNumeric && numbers.length > 0)) {
    if (numbers.length === 0) return { kind: 'numeric', min: 0, max: 1, log: false };
    let min = numbers[0];
    let max = numbers[0];
    for (const n of numbers) {
      if (n < min) min = n;
      if (n > max) max = n;
    }
    return { kind: 'numeric', min, max, log: min > 0 && max / min >= 100 };
  }
  const categories = [...new Set(values.filter((v): v is string => typeof v === 'string'))].sort(collator.compare);
  return { kind: 'categorical', categories };
}

/**
 * Where a run sits on an axis: numeric axes map to 0..1 (0.5 when all runs agree), categorical
 * axes to the category's index. Undefined when the run has no usable value.
 */
export function axisValue(scale: AxisScale, value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (scale.kind === 'categorical') {
    const index = scale.categories.indexOf(String(value));
    return index < 0 ? undefined : index;
  }
  const n = typeof value === 'number' ? value : numericParam(value);
  return n === undefined || !Number.isFinite(n) ? undefined : n;
}

/** 0 at the bottom of an axis, 1 at the top. */
export function axisFraction(scale: AxisScale, position: number): number {
  if (scale.kind === 'categorical') {
    return scale.categories.length <= 1 ? 0.5 : position / (scale.categories.length - 1);
  }
  if (!(scale.max > scale.min)) return 0.5;
  if (scale.log) return Math.log(position / scale.min) / Math.log(scale.max / scale.min);
  return (position - scale.min) / (scale.max - scale.min);
}

export function sourceLabel(source: ValueSource): string {
  return `${source.kind === 'param' ? 'param' : 'metric'}: ${source.key}`;
}
