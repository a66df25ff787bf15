import * as assert from 'node:assert/strict';
import { emaSmooth } from '../../../webview-ui/src/compare/logic/smoothing';

/** TensorBoard's resmoothDataset (vz_line_chart2/line-chart.ts), transcribed as the reference. */
function tensorBoardSmoothing(yValues: number[], smoothingWeight: number): number[] {
  let last = yValues.length > 0 ? 0 : Number.NaN;
  let numAccum = 0;
  const isConstant = yValues.every((v) => v === yValues[0]);
  return yValues.map((nextVal) => {
    if (isConstant || !Number.isFinite(nextVal)) return nextVal;
    last = last * smoothingWeight + (1 - smoothingWeight) * nextVal;
    numAccum++;
    const debiasWeight = smoothingWeight !== 1 ? 1 - Math.pow(smoothingWeight, numAccum) : 1;
    return last / debiasWeight;
  });
}

function assertClose(actual: ArrayLike<number>, expected: number[], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) assert.ok(Number.isNaN(actual[i]), `point ${i}: ${actual[i]} is not NaN`);
    else if (!Number.isFinite(expected[i])) assert.equal(actual[i], expected[i], `point ${i}`);
    else assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])), `point ${i}: ${actual[i]} != ${expected[i]}`);
  }
}

describe('EMA smoothing (TensorBoard)', () => {
  it('debiases from the first point: 1, 2, 3 at weight 0.5', () => {
    assertClose(emaSmooth([1, 2, 3], 0.5), [1, 1.25 / 0.75, 2.125 / 0.875]);
  });

  it('matches TensorBoard on a noisy series at several weights', () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.exp(-i / 100) + 0.1 * Math.sin(i * 1.7) + (i % 13) / 50);
    for (const weight of [0, 0.3, 0.6, 0.9, 0.99, 0.999]) {
      assertClose(emaSmooth(values, weight), tensorBoardSmoothing(values, weight), 1e-9);
    }
  });

  it('skips NaN and ±Infinity for the average but keeps them as points', () => {
    const values = [1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5, Number.NEGATIVE_INFINITY, 2];
    const smoothed = emaSmooth(values, 0.5);
    assertClose(smoothed, tensorBoardSmoothing(values, 0.5));
    assert.ok(Number.isNaN(smoothed[1]));
    assert.equal(smoothed[3], Number.POSITIVE_INFINITY);
    // The third point is the second finite one: debiased by 1 - 0.5^2.
    assert.ok(Math.abs(smoothed[2] - (0.5 * 0.5 * 1 + 0.5 * 3) / 0.75) < 1e-12);
  });

  it('leaves a constant series and weight 0 untouched, and clamps the weight to 0.999', () => {
    assert.deepEqual([...emaSmooth([0.1, 0.1, 0.1], 0.9)], [...Float64Array.from([0.1, 0.1, 0.1])]);
    assert.deepEqual([...emaSmooth([3, 1, 2], 0)], [3, 1, 2]);
    const values = [5, 1, 4, 2, 3];
    assertClose(emaSmooth(values, 1), tensorBoardSmoothing(values, 0.999), 1e-9);
    assert.equal(emaSmooth([], 0.5).length, 0);
  });
});
