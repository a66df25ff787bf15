import * as assert from 'node:assert/strict';
import { firstChartKeys as hostFirstChartKeys } from '../../../src/features/compare/compareSession';
import { firstChartKeys, firstChartsOfPage, firstRowCharts } from '../../../webview-ui/src/compare/logic/firstCharts';

describe('the first charts a page names in ready', () => {
  it('are the top row of the grid: one or two charts by the page width', () => {
    assert.deepEqual([0, 300, 951, 952, 1400, 3000].map(firstRowCharts), [1, 1, 1, 2, 2, 2]);
  });

  it('follow the saved view: none on another tab, the chosen metrics when there are', () => {
    assert.deepEqual(firstChartsOfPage(undefined, 1400), { metricKeys: null, count: 2 });
    assert.equal(firstChartsOfPage({ tab: 'params' }, 1400), undefined);
    assert.deepEqual(firstChartsOfPage({ tab: 'charts', selectedMetrics: ['val_loss', 'loss'] }, 800), { metricKeys: ['val_loss', 'loss'], count: 1 });
  });

  it('name the same metrics on the page as on the host', () => {
    const keys = ['accuracy', 'loss', 'val_loss'];
    for (const hint of [{ metricKeys: null, count: 2 }, { metricKeys: ['val_loss', 'gone', 'loss'], count: 2 }, { metricKeys: [], count: 1 }]) {
      assert.deepEqual(firstChartKeys(hint, keys), hostFirstChartKeys(hint, keys), JSON.stringify(hint));
    }
    assert.deepEqual(firstChartKeys({ metricKeys: null, count: 2 }, keys), ['accuracy', 'loss']);
  });
});
