import * as assert from 'node:assert/strict';
import { downsample } from '../../../src/core/metrics/downsample';
import type { MetricPoint } from '../../../src/core/tracking/types';

function series(values: number[]): MetricPoint[] {
  return values.map((value, step) => ({ step, timestamp: 1000 + step, value }));
}

describe('downsample', () => {
  it('returns a short series unchanged', () => {
    const s = series([3, 1, 2]);
    assert.deepEqual(downsample(s, 10), s);
  });

  it('never exceeds the bound and keeps first and last', () => {
    const s = series(Array.from({ length: 100_003 }, (_, i) => Math.sin(i / 100)));
    for (const max of [1, 2, 3, 4, 7, 100, 1000, 1001]) {
      const out = downsample(s, max);
      assert.ok(out.length <= max, `length ${out.length} > ${max}`);
      assert.equal(out[0], s[0]);
      if (max >= 2) assert.equal(out[out.length - 1], s[s.length - 1]);
    }
  });

  it('keeps the global minimum and maximum, and non-finite spikes', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => (i % 7) / 10);
    values[12_345] = -42;
    values[33_333] = 99;
    values[40_000] = Number.NaN;
    values[41_000] = Number.POSITIVE_INFINITY;
    values[42_000] = Number.NEGATIVE_INFINITY;
    const out = downsample(series(values), 1000);
    const steps = new Set(out.map((p) => p.step));
    for (const step of [12_345, 33_333, 40_000, 41_000, 42_000]) assert.ok(steps.has(step), `lost step ${step}`);
  });

  it('keeps points in their original order', () => {
    const s = series(Array.from({ length: 10_000 }, () => Math.random()));
    const out = downsample(s, 500);
    for (let i = 1; i < out.length; i++) assert.ok(out[i].step > out[i - 1].step);
  });

  it('rejects a bound that is not a positive integer', () => {
    assert.throws(() => downsample(series([1, 2]), 0), RangeError);
  });
});
