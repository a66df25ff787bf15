import * as assert from 'node:assert/strict';
import { defaultViewState, effectiveMetrics, restoreViewState, type CompareViewState } from '../../../webview-ui/src/compare/logic/viewState';

describe('compare view state', () => {
  it('falls back to defaults for missing or foreign state', () => {
    for (const saved of [undefined, null, 42, 'x', [], { tab: 'nope', xAxis: 3, smoothing: 'high', hiddenRuns: [1] }]) {
      assert.deepEqual(restoreViewState(saved), defaultViewState);
    }
  });

  it('restores a saved state through JSON, clamping smoothing', () => {
    const saved: CompareViewState = {
      runIds: ['a', 'b'],
      tab: 'scatter',
      selectedMetrics: ['loss'],
      xAxis: 'relativeTime',
      smoothing: 0.6,
      logScale: true,
      ignoreOutliers: true,
      hiddenRuns: ['b'],
      differencesOnly: true,
      parallelParams: ['lr'],
      parallelMetric: 'acc',
      scatterX: { kind: 'param', key: 'lr' },
      scatterY: 'loss',
    };
    assert.deepEqual(restoreViewState(JSON.parse(JSON.stringify(saved))), saved);
    assert.equal(restoreViewState({ smoothing: 5 }).smoothing, 0.999);
    assert.equal(restoreViewState({ scatterX: { kind: 'tag', key: 'x' } }).scatterX, null);
  });

  it('charts the first dozen metrics by default and only known ones when chosen', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `m${i}`);
    assert.deepEqual(effectiveMetrics(null, keys), keys.slice(0, 12));
    assert.deepEqual(effectiveMetrics(['m3', 'gone', 'm1'], keys), ['m3', 'm1']);
  });
});
