import * as assert from 'node:assert/strict';
import { metricGoal } from '../../../src/core/metrics/metricGoal';
import { summarizeMetric } from '../../../src/core/metrics/metricSummary';
import { metricTrend } from '../../../src/core/metrics/metricTrend';
import { makeRun } from './runFixtures';

const points = (values: number[]) => values.map((value, step) => ({ step, timestamp: step, value }));

describe('metric summaries', () => {
  it('guesses from the name whether lower is better', () => {
    for (const key of ['loss', 'train/loss', 'val_loss', 'trainLoss', 'logloss', 'rmse', 'val/MAE', 'error_rate', 'epoch_time', 'perplexity']) {
      assert.equal(metricGoal(key), 'lower', key);
    }
    for (const key of ['acc', 'accuracy', 'f1', 'val/auc', 'reward', 'lossless_ratio_gain_x', 'sentiment', 'throughput']) {
      assert.equal(metricGoal(key), 'higher', key);
    }
  });

  it('keeps the runs that logged the metric, newest first, and finds the best finite value', () => {
    const runs = [
      makeRun('e', 5, { loss: Number.NaN }),
      makeRun('d', 4, { acc: 1 }),
      makeRun('c', 3, { loss: 0.2 }, 'RUNNING'),
      makeRun('b', 2, { loss: Number.NEGATIVE_INFINITY }),
      makeRun('a', 1, { loss: 0.2 }),
    ];
    const summary = summarizeMetric('loss', runs);
    assert.equal(summary.goal, 'lower');
    assert.deepEqual(summary.runs.map((r) => r.runId), ['e', 'c', 'b', 'a']);
    // a tie goes to the newer run; -inf is a divergence, not the best loss
    assert.equal(summary.best?.runId, 'c');
    assert.equal(summarizeMetric('acc', runs).best?.runId, 'd');
    assert.equal(summarizeMetric('loss', [runs[0]]).best, undefined);
    assert.deepEqual(summarizeMetric('f1', runs).runs, []);
  });

  it('compares the last two points of a history', () => {
    assert.equal(metricTrend(points([3, 1, 2])), 'up');
    assert.equal(metricTrend(points([1, 2, 1.5])), 'down');
    assert.equal(metricTrend(points([2, 2])), 'flat');
    assert.equal(metricTrend(points([2])), undefined);
    assert.equal(metricTrend(points([1, Number.NaN])), undefined);
    assert.equal(metricTrend(points([1, Number.POSITIVE_INFINITY])), 'up');
  });
});
