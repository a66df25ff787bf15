import * as assert from 'node:assert/strict';
import { summarizeMetric } from '../../../src/core/metrics/metricSummary';
import { compareCommandUri } from '../../../src/features/inline/compareLink';
import {
  metricLensTitle, metricLensTooltip, runsViewMetric, statusBarMetric, trainingStatusText,
} from '../../../src/features/inline/inlineMetricText';
import { makeRun } from './runFixtures';

describe('inline metric text', () => {
  it('shows the latest run and the best of the recent runs in the lens', () => {
    const runs = [
      makeRun('r5', 5, { 'train/loss': 0.031 }, 'FINISHED', 'newest'),
      makeRun('r4', 4, { 'train/loss': 0.012 }, 'FINISHED', 'best-one'),
      makeRun('r3', 3, { 'train/loss': 0.5 }),
      makeRun('r2', 2, { 'train/loss': Number.NaN }),
      makeRun('r1', 1, { 'train/loss': 1 }),
    ];
    const summary = summarizeMetric('train/loss', runs);
    assert.equal(metricLensTitle(summary), 'train/loss 0.031 (latest run) · best 0.012 in 5 recent runs');
    assert.equal(
      metricLensTooltip(summary),
      'Latest: newest (finished), 0.031\nBest (lower is better): best-one, 0.012\nClick to compare the 5 runs.',
    );
  });

  it('says when the latest run is training, when there is one run, and when none logged the metric', () => {
    assert.equal(metricLensTitle(summarizeMetric('acc', [makeRun('a', 2, { acc: 0.91234567 }, 'RUNNING'), makeRun('b', 1, { acc: 0.5 })])), 'acc 0.912346 (latest run, training) · best 0.912346 in 2 recent runs');
    assert.equal(metricLensTitle(summarizeMetric('acc', [makeRun('a', 1, { acc: 1 })])), 'acc 1 (latest run)');
    assert.equal(metricLensTitle(summarizeMetric('acc', [])), 'acc: not logged by any run yet');
    assert.equal(metricLensTitle(summarizeMetric('acc', [makeRun('a', 2, { acc: Number.NaN }), makeRun('b', 1, { acc: Infinity })])), 'acc NaN (latest run) · 2 recent runs');
  });

  it('shows the training run, its metric and the trend in the status bar', () => {
    assert.equal(trainingStatusText({ runName: 'still-training', metric: { key: 'loss', value: 0.55, trend: 'down' } }), '$(sync~spin) still-training · loss 0.55 ↓');
    assert.equal(trainingStatusText({ runName: 'r', metric: { key: 'acc', value: 0.9, trend: 'up' } }), '$(sync~spin) r · acc 0.9 ↑');
    assert.equal(trainingStatusText({ runName: 'r', metric: { key: 'acc', value: 0.9, trend: 'flat' } }), '$(sync~spin) r · acc 0.9 →');
    assert.equal(trainingStatusText({ runName: 'r', metric: { key: 'acc', value: 0.9, trend: undefined } }), '$(sync~spin) r · acc 0.9');
    assert.equal(trainingStatusText({ runName: 'r', metric: { key: 'acc', value: undefined, trend: undefined } }), '$(sync~spin) r · acc —');
    assert.equal(trainingStatusText({ runName: 'a $(bug) run' }), '$(sync~spin) a \\$(bug) run');
  });

  it('follows the chosen metric, else the Runs view metric, else the first by name', () => {
    const metrics = { val: 1, acc: 2, loss: 3 };
    assert.equal(statusBarMetric(metrics, 'f1', 'loss'), 'f1');
    assert.equal(statusBarMetric(metrics, '', 'loss'), 'loss');
    assert.equal(statusBarMetric(metrics, '', 'missing'), 'acc');
    assert.equal(statusBarMetric({}, '', ''), undefined);
  });

  it('knows the metric the Runs view shows: chosen there, set, or sorted by', () => {
    assert.equal(runsViewMetric('acc', 'loss', 'metrics.f1 DESC'), 'acc');
    assert.equal(runsViewMetric(undefined, 'loss', 'metrics.f1 DESC'), 'loss');
    assert.equal(runsViewMetric(undefined, '', 'metrics.`val/loss` ASC'), 'val/loss');
    assert.equal(runsViewMetric('', '', 'metric."top 1" DESC'), 'top 1');
    assert.equal(runsViewMetric(undefined, '', 'attributes.start_time DESC'), '');
    assert.equal(runsViewMetric(undefined, '', undefined), '');
  });

  it('links to the Compare command with the folder and the run ids', () => {
    const uri = compareCommandUri({ folder: 'file:///w/lab', runIds: ['a', 'b'] });
    assert.ok(uri.startsWith('command:mlops.runs.compare?'));
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))), [{ folder: 'file:///w/lab', runIds: ['a', 'b'] }]);
    assert.doesNotMatch(uri, /[\s"()[\]]/);
  });
});
