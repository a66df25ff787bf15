import * as assert from 'node:assert/strict';
import type { MetricPoint } from '../../../src/core/tracking/types';
import { decodeSeries, encodeSeries, encodedSeriesJsonLength } from '../../../src/features/compare/seriesEncoding';

describe('compare series encoding', () => {
  const points: MetricPoint[] = [
    { step: 0, timestamp: 1_767_000_000_123, value: 0.5 },
    { step: 1, timestamp: 1_767_000_000_456, value: Number.NaN },
    { step: 2, timestamp: 1_767_000_000_789, value: Number.POSITIVE_INFINITY },
    { step: 3, timestamp: 1_767_000_001_000, value: Number.NEGATIVE_INFINITY },
    { step: 2 ** 40, timestamp: 1_767_000_002_000, value: -1.25e-3 },
  ];

  it('round-trips steps and timestamps exactly and values at Float32 precision, NaN and infinities included', () => {
    const decoded = decodeSeries(encodeSeries('run-1', 'loss', points, 12));
    assert.equal(decoded.length, points.length);
    for (let i = 0; i < points.length; i++) {
      assert.equal(decoded[i].step, points[i].step);
      assert.equal(decoded[i].timestamp, points[i].timestamp);
      assert.ok(Object.is(decoded[i].value, Math.fround(points[i].value)), `value ${i}: ${decoded[i].value}`);
    }
    assert.ok(Number.isNaN(decoded[1].value));
    assert.equal(decoded[2].value, Number.POSITIVE_INFINITY);
    assert.equal(decoded[3].value, Number.NEGATIVE_INFINITY);
  });

  it('writes little-endian Float64 steps and timestamps and Float32 values, as base64', () => {
    const encoded = encodeSeries('r', 'k', points, 99);
    assert.equal(encoded.totalPoints, 99);
    const steps = Buffer.from(encoded.steps, 'base64');
    const timestamps = Buffer.from(encoded.timestamps, 'base64');
    const values = Buffer.from(encoded.values, 'base64');
    assert.deepEqual([steps.length, timestamps.length, values.length], [40, 40, 20]);
    assert.equal(steps.readDoubleLE(32), 2 ** 40);
    assert.equal(timestamps.readDoubleLE(8), 1_767_000_000_456);
    assert.equal(values.readFloatLE(0), 0.5);
    // The app decodes with typed arrays: the bytes must be the platform's little-endian layout.
    const typed = new Float32Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.length));
    assert.equal(typed[2], Number.POSITIVE_INFINITY);
  });

  it('encodes an empty history', () => {
    const encoded = encodeSeries('r', 'k', [], 0);
    assert.deepEqual([encoded.steps, encoded.timestamps, encoded.values], ['', '', '']);
    assert.deepEqual(decodeSeries(encoded), []);
  });

  it('refuses arrays of different lengths', () => {
    const encoded = encodeSeries('r', 'k', points, 5);
    assert.throws(() => decodeSeries({ ...encoded, values: encodeSeries('r', 'k', points.slice(1), 4).values }), RangeError);
  });

  it('knows its JSON length without serialising it', () => {
    const encoded = encodeSeries('run "quoted"', 'val/loss', points, 5);
    assert.equal(encodedSeriesJsonLength(encoded), JSON.stringify(encoded).length);
  });
});
