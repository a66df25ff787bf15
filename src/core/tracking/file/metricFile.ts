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
