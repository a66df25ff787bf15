import * as assert from 'node:assert/strict';
import { summarizeMetric } from '../../../src/core/metrics/metricSummary';
import { escapeMarkdown, metricHoverMarkdown, RUN_COLORS, trainingStatusTooltip } from '../../../src/features/inline/metricHoverMarkdown';
import type { MetricPoint } from '../../../src/core/tracking/types';
import { makeRun } from './runFixtures';

const series = (values: number[]): MetricPoint[] => values.map((value, step) => ({ step, timestamp: step, value }));
const images = (markdown: string) => [...markdown.matchAll(/!\[([^\]]*)\]\(data:image\/svg\+xml;base64,([^)]+)\)/g)].map((m) => ({ alt: m[1], svg: Buffer.from(m[2], 'base64').toString() }));
const commandArgs = (markdown: string) => {
  const match = /\]\(command:mlops\.runs\.compare\?([^)]+)\)/.exec(markdown);
  return match ? JSON.parse(decodeURIComponent(match[1])) : undefined;
};

describe('metric hover markdown', () => {
  const runs = [makeRun('r2', 2, { 'val/loss': 0.2 }, 'RUNNING', 'live_run'), makeRun('r1', 1, { 'val/loss': 0.1 }, 'FINISHED', 'done')];
  const summary = summarizeMetric('val/loss', runs);
  const histories = new Map([['r2', series([1, 0.5, 0.2])], ['r1', series([0.9, 0.3, 0.2, 0.1])]]);

  it('charts the runs together, one row each with its own sparkline, and links to Compare', () => {
    const markdown = metricHoverMarkdown(summary, histories, 'file:///w/lab');
    assert.match(markdown, /^\*\*val\/loss\*\* in the 2 most recent runs that logged it · lower is better/);
    const [overlay, ...rows] = images(markdown);
    assert.equal(overlay.alt, 'val/loss in 2 runs');
    assert.equal((overlay.svg.match(/<path /g) ?? []).length, 2);
    assert.ok(overlay.svg.includes(`stroke="${RUN_COLORS[0]}"`) && overlay.svg.includes(`stroke="${RUN_COLORS[1]}"`));
    assert.deepEqual(rows.map((r) => r.alt), ['live\\_run history', 'done history']);
    assert.ok(rows[1].svg.includes(`stroke="${RUN_COLORS[1]}"`));
    assert.match(markdown, /\| live\\_run \| running \| 0\\\.2 \| !\[/);
    assert.match(markdown, /\| done \| finished \| \*\*0\\\.1\*\* \(best\) \| !\[/);
    assert.match(markdown, /\[\$\(compare-changes\) Compare these 2 runs\]\(command:mlops\.runs\.compare\?/);
    assert.deepEqual(commandArgs(markdown), [{ folder: 'file:///w/lab', runIds: ['r2', 'r1'] }]);
  });

  it('leaves out charts of histories it could not read', () => {
    const markdown = metricHoverMarkdown(summary, new Map(), 'file:///w/lab');
    assert.deepEqual(images(markdown), []);
    assert.match(markdown, /\| done \| finished \| \*\*0\\\.1\*\* \(best\) \| {2}\|/);
  });

  it('says when no run logged the metric, without a link', () => {
    const markdown = metricHoverMarkdown(summarizeMetric('f1', runs), new Map(), 'file:///w/lab');
    assert.equal(markdown, "**f1** has not been logged by any run of this folder's tracking store yet.");
  });

  it('escapes Markdown, theme icons and table separators in names', () => {
    assert.equal(escapeMarkdown('a|b $(x) *y*\nz'), 'a\\|b \\$\\(x\\) \\*y\\* z');
  });

  it('describes the training run in the status bar tooltip', () => {
    const markdown = trainingStatusTooltip({ runName: 'still-training', runId: 'abc', folder: 'file:///w/lab', metricKey: 'loss', history: series([1, 0.5]) });
    assert.match(markdown, /^\*\*still\\-training\*\* is training · `abc`/);
    assert.match(markdown, /loss 0\\\.5 at step 1/);
    assert.equal(images(markdown).length, 1);
    assert.deepEqual(commandArgs(markdown), [{ folder: 'file:///w/lab', runIds: ['abc'] }]);
    assert.match(trainingStatusTooltip({ runName: 'r', runId: 'abc', folder: 'f', metricKey: 'acc', history: [] }), /acc is not logged yet/);
  });
});
