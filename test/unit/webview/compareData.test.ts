import * as assert from 'node:assert/strict';
import type { RunSummary } from '../../../src/protocol/compare';
import { applyHostMessage, emptyCompareData } from '../../../webview-ui/src/compare/logic/compareData';
import { encodeSeries } from '../../../webview-ui/src/compare/logic/seriesCodec';

function run(runId: string, params: Record<string, string> = {}): RunSummary {
  return {
    runId, runName: runId, experimentId: '1', experimentName: 'e', status: 'FINISHED', startTime: 0, endTime: 1,
    colorIndex: 0, params, metrics: {}, metricStats: {}, gitCommit: null, datasets: [],
  };
}

const series = (runId: string, key: string, values: number[]) =>
  encodeSeries(runId, key, { steps: values.map((_, i) => i), timestamps: values.map((_, i) => i), values }, values.length);

describe('compare data from host messages', () => {
  const init = applyHostMessage(emptyCompareData, {
    type: 'init', runs: [run('a', { lr: '1' }), run('b')], metricKeys: ['loss'], paramKeys: ['lr'], theme: 'light',
  }).data;

  it('takes runs, keys and theme from init', () => {
    assert.equal(init.initialized, true);
    assert.deepEqual(init.runs.map((r) => r.runId), ['a', 'b']);
    assert.equal(init.theme, 'light');
  });

  it('replaces updated runs in place, appends new ones, learns new params', () => {
    const next = applyHostMessage(init, { type: 'runs', runs: [run('b', { dropout: '0.1' }), run('c')], metricKeys: ['loss', 'acc'] }).data;
    assert.deepEqual(next.runs.map((r) => r.runId), ['a', 'b', 'c']);
    assert.deepEqual(next.runs[1].params, { dropout: '0.1' });
    assert.deepEqual(next.metricKeys, ['loss', 'acc']);
    assert.deepEqual(next.paramKeys, ['lr', 'dropout']);
  });

  it('keys series by metric and run, replacing only what was sent', () => {
    const first = applyHostMessage(init, { type: 'series', series: [series('a', 'loss', [1, 2]), series('b', 'loss', [3])] }).data;
    const lossBefore = first.series.get('loss');
    const second = applyHostMessage(first, { type: 'series', series: [series('a', 'loss', [5, 6, 7]), series('a', 'acc', [1])] }).data;
    assert.deepEqual([...second.series.get('loss')!.get('a')!.values], [5, 6, 7]);
    assert.equal(second.series.get('loss')!.get('b'), lossBefore!.get('b'));
    assert.notEqual(second.series.get('loss'), lossBefore, 'a changed key gets a new map, so its chart redraws');
    assert.equal(first.series.get('loss')!.get('a')!.values.length, 2, 'earlier data is not mutated');
  });

  it('skips a malformed series and reports it, keeping the others', () => {
    const bad = { ...series('a', 'loss', [1, 2]), values: 'AAAA' };
    const applied = applyHostMessage(init, { type: 'series', series: [bad, series('b', 'loss', [3])] });
    assert.equal(applied.problems.length, 1);
    assert.match(applied.problems[0], /loss of run a/);
    assert.deepEqual([...applied.data.series.get('loss')!.keys()], ['b']);
  });

  it('keeps errors and theme changes', () => {
    assert.equal(applyHostMessage(init, { type: 'error', message: 'store gone' }).data.error, 'store gone');
    assert.equal(applyHostMessage(init, { type: 'theme', theme: 'highContrast' }).data.theme, 'highContrast');
  });
});
