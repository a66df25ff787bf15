import * as assert from 'node:assert/strict';
import { reduceToColumns } from '../../../webview-ui/src/compare/logic/columnReduction';

const range = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);

describe('reduction to pixel columns', () => {
  it('passes a short line through, turning non-finite values into single gaps', () => {
    const out = reduceToColumns([0, 1, 2, 3, 4], [1, Number.NaN, Infinity, 2, 3], 100);
    assert.deepEqual([...out.xs.subarray(0, out.length)], [0, 1, 3, 4]);
    const ys = [...out.ys.subarray(0, out.length)];
    assert.equal(ys[0], 1);
    assert.ok(Number.isNaN(ys[1]));
    assert.deepEqual(ys.slice(2), [2, 3]);
  });

  it('bounds a long line by its columns and keeps extremes, first and last', () => {
    const n = 100_000;
    const ys = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 500) + (i === 31_234 ? 50 : 0) + (i === 77_777 ? -50 : 0));
    const out = reduceToColumns(range(n), ys, 600);
    assert.ok(out.length <= 2 * 600 + 2, `${out.length} points`);
    const kept = [...out.ys.subarray(0, out.length)];
    assert.equal(Math.max(...kept), ys[31_234]);
    assert.equal(Math.min(...kept), ys[77_777]);
    assert.equal(out.xs[0], 0);
    assert.equal(out.xs[out.length - 1], n - 1);
    assert.equal(out.ys[out.length - 1], ys[n - 1]);
    for (let i = 1; i < out.length; i++) assert.ok(out.xs[i] > out.xs[i - 1], 'x ascending');
  });

  it('keeps gaps inside dense data', () => {
    const n = 10_000;
    const ys = Float64Array.from({ length: n }, (_, i) => (i >= 5000 && i < 5003 ? Number.NaN : i));
    const out = reduceToColumns(range(n), ys, 50);
    const gaps = [...out.ys.subarray(0, out.length)].filter(Number.isNaN).length;
    assert.equal(gaps, 1);
    const gapAt = [...out.ys.subarray(0, out.length)].findIndex(Number.isNaN);
    assert.equal(out.xs[gapAt], 5000);
    assert.equal(out.xs[gapAt + 1], 5003);
  });

  it('restricts to a range plus one neighbour on each side', () => {
    const n = 1000;
    const out = reduceToColumns(range(n), range(n), 1000, { min: 100.5, max: 200.5 });
    assert.equal(out.xs[0], 100);
    assert.equal(out.xs[out.length - 1], 201);
    assert.equal(out.length, 102);
    assert.equal(reduceToColumns(range(n), range(n), 10, { min: 5000, max: 6000 }).length, 1);
  });
});
