import * as assert from 'node:assert/strict';
import { ascendingOrder, prepareLine } from '../../../webview-ui/src/compare/logic/linePoints';
import type { DecodedSeries } from '../../../webview-ui/src/compare/logic/seriesCodec';

const series: DecodedSeries = {
  runId: 'r', key: 'loss', totalPoints: 4,
  steps: Float64Array.from([0, 1, 2, 3]),
  timestamps: Float64Array.from([1000, 3000, 2000, 4000]),
  values: Float32Array.from([4, -1, 0, 2]),
};

describe('line preparation', () => {
  it('plots steps as they are', () => {
    const line = prepareLine(series, 500, { xAxis: 'step', smoothing: 0, logScale: false });
    assert.deepEqual([...line.xs], [0, 1, 2, 3]);
    assert.deepEqual([...line.ys], [4, -1, 0, 2]);
  });

  it('counts relative time from the run start and sorts by time', () => {
    const line = prepareLine(series, 500, { xAxis: 'relativeTime', smoothing: 0, logScale: false });
    assert.deepEqual([...line.xs], [500, 1500, 2500, 3500]);
    assert.deepEqual([...line.ys], [4, 0, -1, 2]);
    assert.deepEqual([...prepareLine(series, null, { xAxis: 'relativeTime', smoothing: 0, logScale: false }).xs], [0, 1000, 2000, 3000]);
  });

  it('hides non-positive values on a log scale and says how many', () => {
    const line = prepareLine(series, null, { xAxis: 'step', smoothing: 0, logScale: true });
    assert.equal(line.hiddenNonPositive, 2);
    assert.ok(Number.isNaN(line.ys[1]) && Number.isNaN(line.ys[2]));
    assert.equal(series.values[1], -1, 'the decoded series is not modified');
  });

  it('sorts stably and reports already sorted input', () => {
    assert.equal(ascendingOrder([1, 1, 2]), null);
    assert.deepEqual([...ascendingOrder([2, 1, 1, 0])!], [3, 1, 2, 0]);
  });
});
