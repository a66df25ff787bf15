import * as assert from 'node:assert/strict';
import { downsample } from '../../../src/core/metrics/downsample';
import { CHART_POINT_BUDGET, MAX_SERIES_POINTS, seriesPointBudget } from '../../../src/features/compare/seriesBudget';

describe('compare series budget', () => {
  it('gives few runs the full resolution and shares the chart budget among many', () => {
    assert.equal(seriesPointBudget(2), MAX_SERIES_POINTS);
    assert.equal(seriesPointBudget(50), 2000);
    assert.equal(seriesPointBudget(100), 1000);
    assert.equal(seriesPointBudget(200), 500);
  });

  it('keeps every chart of 1 to 200 runs within the chart budget', () => {
    for (let runs = 1; runs <= 200; runs++) {
      const budget = seriesPointBudget(runs);
      assert.ok(budget * runs <= Math.max(CHART_POINT_BUDGET, MAX_SERIES_POINTS), `${runs} runs x ${budget} points`);
      assert.ok(budget >= 500, `${runs} runs get only ${budget} points`);
    }
  });

  it('is a bound downsample honours for a 100,000-step history', () => {
    const history = Array.from({ length: 100_000 }, (_, step) => ({ step, timestamp: step, value: Math.sin(step / 50) }));
    for (const runs of [2, 100, 200]) assert.ok(downsample(history, seriesPointBudget(runs)).length <= seriesPointBudget(runs));
  });
});
