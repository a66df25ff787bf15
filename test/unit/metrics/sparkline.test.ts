import * as assert from 'node:assert/strict';
import { sparklineSvg, svgDataUri } from '../../../src/core/metrics/sparkline';
import type { MetricPoint } from '../../../src/core/tracking/types';

const series = (values: number[]): MetricPoint[] => values.map((value, step) => ({ step, timestamp: step, value }));
const paths = (svg: string) => [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);

describe('sparkline', () => {
  it('draws one line spanning the width, highest value at the top', () => {
    const svg = sparklineSvg(series([0, 5, 10]), { width: 100, height: 20 });
    const [d] = paths(svg);
    assert.equal(d, 'M2.0 18.0L50.0 10.0L98.0 2.0');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="100" height="20"/);
  });

  it('breaks the line at non-finite values and marks them', () => {
    const svg = sparklineSvg(series([1, 2, Number.NaN, 3, Infinity, 4]));
    assert.equal(paths(svg).length, 3);
    assert.equal((svg.match(/<circle/g) ?? []).length, 2);
  });

  it('keeps a long history to a bounded number of points', () => {
    const svg = sparklineSvg(series(Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 1000))), { width: 60 });
    const points = paths(svg)[0].split(/[ML]/).filter(Boolean).length;
    assert.ok(points <= 120, `${points} points`);
  });

  it('encodes as a data URI for Markdown images', () => {
    const uri = svgDataUri('<svg/>');
    assert.equal(uri, `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`);
  });
});
