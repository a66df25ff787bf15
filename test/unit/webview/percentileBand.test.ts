import * as assert from 'node:assert/strict';
import { paddedBand, percentileBand } from '../../../webview-ui/src/compare/logic/percentileBand';

describe('outlier clipping band', () => {
  it('gives the 1st and 99th percentile of 0..100', () => {
    const values = Float64Array.from({ length: 101 }, (_, i) => i);
    assert.deepEqual(percentileBand([values], 0.01, 0.99), { min: 1, max: 99 });
  });

  it('ignores a spike and non-finite values across several series', () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => 1 + (i % 10) / 10);
    const b = Float64Array.from({ length: 1000 }, (_, i) => (i === 500 ? 1e9 : i === 7 ? Number.NaN : i === 8 ? -Infinity : 1.5));
    const band = percentileBand([a, b], 0.01, 0.99);
    assert.ok(band && band.min >= 1 && band.max <= 1.9, JSON.stringify(band));
  });

  it('samples long inputs evenly and keeps only positives for a log scale', () => {
    const long = Float64Array.from({ length: 1_000_000 }, (_, i) => i - 10_000);
    const band = percentileBand([long], 0.01, 0.99, { positiveOnly: true, maxSamples: 10_000 });
    assert.ok(band && band.min > 0, JSON.stringify(band));
    assert.ok(Math.abs(band.max - 0.99 * 990_000) < 1000, JSON.stringify(band));
    assert.equal(percentileBand([[Number.NaN, -1]], 0.01, 0.99, { positiveOnly: true }), null);
  });

  it('pads linear bands additively, log bands by a factor, flat bands by something', () => {
    assert.deepEqual(paddedBand({ min: 0, max: 10 }, 0.1, false), { min: -1, max: 11 });
    const log = paddedBand({ min: 1, max: 100 }, 0.5, true);
    assert.ok(Math.abs(log.min - 0.1) < 1e-12 && Math.abs(log.max - 1000) < 1e-9);
    const flat = paddedBand({ min: 5, max: 5 }, 0.1, false);
    assert.ok(flat.min < 5 && flat.max > 5);
  });
});
