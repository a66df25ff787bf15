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

// Python's max() over (step, timestamp, value) tuples keeps the first maximum and compares the
// first differing element with `>`, so a NaN value never replaces, and is never replaced by, a
// point with the same step and timestamp.
function isLater(step: number, timestamp: number, value: number, best: MetricPoint): boolean {
  if (step !== best.step) return step > best.step;
  if (timestamp !== best.timestamp) return timestamp > best.timestamp;
  return value > best.value;
}

/** Calls `onPoint` for each line MLflow reads, in file order, and returns the rejected lines. */
function scanLines(buf: Buffer, onPoint: (timestamp: number, value: number, step: number) => void): number[] {
  const parser = new MetricLineParser(buf);
  const badLines: number[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    const terminated = end !== -1;
    if (!terminated) end = buf.length;
    lineNumber++;
    if (parser.parse(start, end)) {
      onPoint(parser.timestamp, parser.value, parser.step);
    } else {
      const slow = parser.parseSlow(start, end, terminated);
      for (const [timestamp, value, step] of slow.points) onPoint(timestamp, value, step);
      if (slow.bad > 0) badLines.push(lineNumber);
    }
    start = end + 1;
  }
  return badLines;
}

export function readLatestMetric(buf: Buffer): LatestMetric {
  let best: MetricPoint | undefined;
  const badLines = scanLines(buf, (timestamp, value, step) => {
    if (best === undefined) best = { step, timestamp, value };
    else if (isLater(step, timestamp, value, best)) {
      best.step = step;
      best.timestamp = timestamp;
      best.value = value;
    }
  });
  return { point: best, badLines };
}

function countLines(buf: Buffer): number {
  let count = 0;
  for (let at = buf.indexOf(NEWLINE); at !== -1; at = buf.indexOf(NEWLINE, at + 1)) count++;
  return buf.length > 0 && buf[buf.length - 1] !== NEWLINE ? count + 1 : count;
}

/** All points, sorted by step then timestamp; equal points keep the file's order. */
export function readMetricHistory(buf: Buffer): MetricHistory {
  // Sized up front (memchr is cheap): a growing array costs a third more for a million points.
  const points = new Array<MetricPoint>(countLines(buf));
  let count = 0;
  let sorted = true;
  let lastStep = -Infinity;
  let lastTimestamp = -Infinity;
  const badLines = scanLines(buf, (timestamp, value, step) => {
    if (step < lastStep || (step === lastStep && timestamp < lastTimestamp)) sorted = false;
    lastStep = step;
    lastTimestamp = timestamp;
    points[count++] = { step, timestamp, value };
  });
  points.length = count;
  if (!sorted) points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  return { points, badLines };
}
