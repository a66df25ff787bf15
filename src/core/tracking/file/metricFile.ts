// A run's metric file as a whole: its latest value (what a run shows) and its full history.
import type { MetricPoint } from '../types';
import { MetricLineParser } from './metricLine';

const NEWLINE = 0x0a;

export interface LatestMetric {
  /** undefined when no line could be read: MLflow then fails with "No data found" */
  point: MetricPoint | undefined;
  /** 1-based numbers of the lines MLflow would reject (it fails the whole read on them) */
  badLines: number[];
}

export interface MetricHistory {
  points: MetricPoint[];
  badLines: number[];
}

/**
 * The point MLflow shows as the metric's value. Only lines tied on (step, timestamp) need their
 * values compared, so values are converted lazily: usually just the winner's.
 */
export function readLatestMetric(buf: Buffer): LatestMetric {
  const parser = new MetricLineParser(buf, true);
  const badLines: number[] = [];
  let found = false;
  let bestStep = 0;
  let bestTimestamp = 0;
  let bestValue = 0;
  // where the best value's text is while it is not converted yet (-1: converted)
  let bestStart = -1;
  let bestEnd = -1;
  // Python's max() over (step, timestamp, value) keeps the first maximum and compares the first
  // differing element with `>`: a NaN value never replaces, nor is replaced by, a tied point.
  const offer = (step: number, timestamp: number, value: number, start: number, end: number) => {
    if (found && (step !== bestStep ? step < bestStep : timestamp <= bestTimestamp)) {
      if (step !== bestStep || timestamp !== bestTimestamp) return;
      if (bestStart >= 0) bestValue = parser.valueAt(bestStart, bestEnd);
      bestStart = -1;
      const candidate = start >= 0 ? parser.valueAt(start, end) : value;
      if (candidate > bestValue) bestValue = candidate;
      return;
    }
    found = true;
    bestStep = step;
    bestTimestamp = timestamp;
    bestValue = value;
    bestStart = start;
    bestEnd = end;
  };
  let start = 0;
  let lineNumber = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    const terminated = end !== -1;
    if (!terminated) end = buf.length;
    lineNumber++;
    if (parser.parse(start, end)) {
      offer(parser.step, parser.timestamp, 0, parser.valueStart, parser.valueEnd);
    } else {
      const slow = parser.parseSlow(start, end, terminated);
      for (const [timestamp, value, step] of slow.points) offer(step, timestamp, value, -1, -1);
      if (slow.bad > 0) badLines.push(lineNumber);
    }
    start = end + 1;
  }
  if (!found) return { point: undefined, badLines };
  if (bestStart >= 0) bestValue = parser.valueAt(bestStart, bestEnd);
  return { point: { step: bestStep, timestamp: bestTimestamp, value: bestValue }, badLines };
}

function countLines(buf: Buffer): number {
  let count = 0;
  for (let at = buf.indexOf(NEWLINE); at !== -1; at = buf.indexOf(NEWLINE, at + 1)) count++;
  return buf.length > 0 && buf[buf.length - 1] !== NEWLINE ? count + 1 : count;
}

/** All points, sorted by step then timestamp; equal points keep the file's order. */
export function readMetricHistory(buf: Buffer): MetricHistory {
  // Sized up front (memchr is cheap): a growing array costs a third more for a million points.
  // The loop is written out rather than shared with a callback: passing doubles through a call
  // V8 does not inline boxes each of them.
  const points = new Array<MetricPoint>(countLines(buf));
  const parser = new MetricLineParser(buf);
  const badLines: number[] = [];
  let count = 0;
  let sorted = true;
  let lastStep = -Infinity;
  let lastTimestamp = -Infinity;
  let start = 0;
  let lineNumber = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    const terminated = end !== -1;
    if (!terminated) end = buf.length;
    lineNumber++;
    if (parser.parse(start, end)) {
      const step = parser.step;
      const timestamp = parser.timestamp;
      if (step < lastStep || (step === lastStep && timestamp < lastTimestamp)) sorted = false;
      lastStep = step;
      lastTimestamp = timestamp;
      points[count++] = { step, timestamp, value: parser.value };
    } else {
      const slow = parser.parseSlow(start, end, terminated);
      for (const [timestamp, value, step] of slow.points) {
        if (step < lastStep || (step === lastStep && timestamp < lastTimestamp)) sorted = false;
        lastStep = step;
        lastTimestamp = timestamp;
        points[count++] = { step, timestamp, value };
      }
      if (slow.bad > 0) badLines.push(lineNumber);
    }
    start = end + 1;
  }
  points.length = count;
  if (!sorted) points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  return { points, badLines };
}

export interface MetricColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
  badLines: number[];
}

/**
 * The history as three columns, sorted like readMetricHistory: for a consumer that downsamples a
 * million points, this skips the million objects (and most of the time) of MetricPoint[].
 */
export function readMetricColumns(buf: Buffer): MetricColumns {
  const capacity = countLines(buf);
  let steps = new Float64Array(capacity);
  let timestamps = new Float64Array(capacity);
  let values = new Float64Array(capacity);
  const parser = new MetricLineParser(buf);
  const badLines: number[] = [];
  let count = 0;
  let sorted = true;
  const add = (step: number, timestamp: number, value: number) => {
    if (count === steps.length) {
      steps = grow(steps);
      timestamps = grow(timestamps);
      values = grow(values);
    }
    if (count > 0 && (step < steps[count - 1] || (step === steps[count - 1] && timestamp < timestamps[count - 1]))) sorted = false;
    steps[count] = step;
    timestamps[count] = timestamp;
    values[count++] = value;
  };
  let start = 0;
  let lineNumber = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    const terminated = end !== -1;
    if (!terminated) end = buf.length;
    lineNumber++;
    if (parser.parse(start, end)) add(parser.step, parser.timestamp, parser.value);
    else {
      const slow = parser.parseSlow(start, end, terminated);
      for (const [timestamp, value, step] of slow.points) add(step, timestamp, value);
      if (slow.bad > 0) badLines.push(lineNumber);
    }
    start = end + 1;
  }
  steps = steps.subarray(0, count);
  timestamps = timestamps.subarray(0, count);
  values = values.subarray(0, count);
  if (sorted) return { steps, timestamps, values, badLines };
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => steps[a] - steps[b] || timestamps[a] - timestamps[b]);
  return {
    steps: Float64Array.from(order, (i) => steps[i]),
    timestamps: Float64Array.from(order, (i) => timestamps[i]),
    values: Float64Array.from(order, (i) => values[i]),
    badLines,
  };
}

function grow(column: Float64Array): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(Math.max(16, column.length * 2));
  bigger.set(column);
  return bigger;
}
