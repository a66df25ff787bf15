import type { EncodedSeries } from '../../protocol/compare';
import type { MetricPoint } from '../../core/tracking/types';

/**
 * A series as the protocol carries it: steps and timestamps as little-endian Float64, values as
 * little-endian Float32 (NaN and ±Infinity survive both), each array in base64. About 27 bytes of
 * JSON per point, against ~60 for `{"step":..,"timestamp":..,"value":..}` objects.
 */
export function encodeSeries(runId: string, key: string, points: readonly MetricPoint[], totalPoints: number): EncodedSeries {
  const n = points.length;
  const steps = Buffer.allocUnsafe(n * 8);
  const timestamps = Buffer.allocUnsafe(n * 8);
  const values = Buffer.allocUnsafe(n * 4);
  for (let i = 0; i < n; i++) {
    const point = points[i];
    steps.writeDoubleLE(point.step, i * 8);
    timestamps.writeDoubleLE(point.timestamp, i * 8);
    values.writeFloatLE(point.value, i * 4);
  }
  return { runId, key, steps: steps.toString('base64'), timestamps: timestamps.toString('base64'), values: values.toString('base64'), totalPoints };
}

/** The inverse of encodeSeries (values come back at Float32 precision); for tests and tools. */
export function decodeSeries(series: EncodedSeries): MetricPoint[] {
  const steps = Buffer.from(series.steps, 'base64');
  const timestamps = Buffer.from(series.timestamps, 'base64');
  const values = Buffer.from(series.values, 'base64');
  const n = values.length / 4;
  if (!Number.isInteger(n) || steps.length !== n * 8 || timestamps.length !== n * 8) {
    throw new RangeError(`series ${series.runId}/${series.key}: arrays of ${steps.length}, ${timestamps.length} and ${values.length} bytes do not hold the same number of points`);
  }
  const points: MetricPoint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    points[i] = { step: steps.readDoubleLE(i * 8), timestamp: timestamps.readDoubleLE(i * 8), value: values.readFloatLE(i * 4) };
  }
  return points;
}

/** The length of the series as JSON, computed without serialising it (base64 needs no escaping). */
export function encodedSeriesJsonLength(series: EncodedSeries): number {
  return JSON.stringify({ ...series, steps: '', timestamps: '', values: '' }).length + series.steps.length + series.timestamps.length + series.values.length;
}
