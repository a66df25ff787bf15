import * as assert from 'node:assert/strict';
import { overlaySparklineSvg } from '../../../src/core/metrics/overlaySparkline';
import type { MetricPoint } from '../../../src/core/tracking/types';

const series = (values: number[], firstStep = 0): MetricPoint[] => values.map((value, i) => ({ step: firstStep + i, timestamp: i, value }));
const paths = (svg: string) => [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="([^"]+)"/g)].map((m) => ({ d: m[1], color: m[2] }));

describe('overlaySparkline', () => {
  it('draws every series on shared axes, the first on top', () => {
    const svg = overlaySparklineSvg([{ points: series([0, 10]), color: 'red' }, { points: series([5, 5, 5], 2), color: 'blue' }], { width: 100, height: 22 });
    assert.deepEqual(paths(svg), [
      { d: 'M50.0 11.0L74.0 11.0L98.0 11.0', color: 'blue' },
      { d: 'M2.0 20.0L26.0 2.0', color: 'red' },
    ]);
  });

  it('breaks lines at non-finite values, marks them, and dots a lone point', () => {
    const svg = overlaySparklineSvg([{ points: series([1, Number.NaN, 2, 3]), color: 'a' }, { points: series([2]), color: 'b' }]);
    assert.equal(paths(svg).length, 1);
    assert.equal((svg.match(/fill="#f14c4c"/g) ?? []).length, 1);
    assert.equal((svg.match(/<circle[^>]*fill="b"/g) ?? []).length, 1);
  });

  it('stays small for long histories and draws nothing without points', () => {
    const long = Array.from({ length: 200_000 }, (_, i) => Math.cos(i / 500));
    const svg = overlaySparklineSvg([{ points: series(long), color: 'a' }, { points: series(long), color: 'b' }], { width: 120 });
    assert.ok(svg.length < 10_000, `${svg.length} characters`);
    assert.match(overlaySparklineSvg([]), /^<svg[^>]*><\/svg>$/);
  });
});
