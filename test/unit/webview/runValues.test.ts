import * as assert from 'node:assert/strict';
import type { RunSummary } from '../../../src/protocol/compare';
import { axisFraction, axisScale, axisValue, runValue } from '../../../webview-ui/src/compare/logic/runValues';
import { sortRows } from '../../../webview-ui/src/components/tableSort';
import { formatDuration, timeTicks } from '../../../webview-ui/src/compare/logic/timeAxis';

function run(params: Record<string, string>, metrics: RunSummary['metrics']): RunSummary {
  return {
    runId: JSON.stringify(params), runName: '', experimentId: '1', experimentName: 'e', status: 'FINISHED', startTime: 0,
    endTime: 1, colorIndex: 0, params, metrics, metricStats: {}, gitCommit: null, datasets: [],
  };
}

describe('run values on axes', () => {
  const runs = [run({ lr: '0.1', opt: 'sgd' }, { loss: 0.5 }), run({ lr: '1e-3', opt: 'adam' }, { loss: 'NaN' }), run({ opt: 'adam10' }, {})];

  it('gives numeric parameters a numeric axis and the rest categories in natural order', () => {
    assert.deepEqual(axisScale(runs, { kind: 'param', key: 'lr' }), { kind: 'numeric', min: 0.001, max: 0.1, log: true });
    assert.deepEqual(axisScale(runs, { kind: 'param', key: 'opt' }), { kind: 'categorical', categories: ['adam', 'adam10', 'sgd'] });
    assert.deepEqual(axisScale(runs, { kind: 'metric', key: 'loss' }), { kind: 'numeric', min: 0.5, max: 0.5, log: false });
  });

  it('places runs on axes and leaves out missing or non-finite values', () => {
    const opt = axisScale(runs, { kind: 'param', key: 'opt' });
    assert.equal(axisValue(opt, runValue(runs[0], { kind: 'param', key: 'opt' })), 2);
    assert.equal(axisFraction(opt, 2), 1);
    const loss = axisScale(runs, { kind: 'metric', key: 'loss' });
    assert.equal(axisValue(loss, runValue(runs[1], { kind: 'metric', key: 'loss' })), undefined);
    assert.equal(axisValue(loss, runValue(runs[2], { kind: 'metric', key: 'loss' })), undefined);
    assert.equal(axisFraction(loss, 0.5), 0.5);
    const lr = axisScale(runs, { kind: 'param', key: 'lr' });
    assert.ok(Math.abs(axisFraction(lr, 0.01) - 0.5) < 1e-12, 'log axes put 0.01 halfway between 0.001 and 0.1');
  });
});

describe('table sorting and time axes', () => {
  it('sorts numbers and text naturally with missing values last either way', () => {
    const rows = [{ v: 3 }, { v: undefined }, { v: 1 }, { v: Number.NaN }, { v: 2 }];
    assert.deepEqual(sortRows(rows, (r) => r.v, false).map((r) => r.v), [1, 2, 3, undefined, Number.NaN]);
    assert.deepEqual(sortRows(rows, (r) => r.v, true).map((r) => r.v), [3, 2, 1, undefined, Number.NaN]);
    assert.deepEqual(sortRows([{ v: 'run-10' }, { v: 'run-9' }], (r) => r.v, false).map((r) => r.v), ['run-9', 'run-10']);
  });

  it('puts time ticks on round durations', () => {
    assert.deepEqual(timeTicks(0, 60_000, 6), [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    assert.deepEqual(timeTicks(1000, 7_300_000, 3), [3_600_000, 7_200_000]);
    assert.equal(formatDuration(200_000), '3m 20s');
    assert.equal(formatDuration(7_500_000), '2h 05m');
    assert.equal(formatDuration(12_345), '12.3 s');
  });
});
