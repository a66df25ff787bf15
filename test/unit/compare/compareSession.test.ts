import * as assert from 'node:assert/strict';
import { firstChartKeys } from '../../../src/features/compare/compareSession';
import { seriesPointBudget } from '../../../src/features/compare/seriesBudget';
import { decodeSeries } from '../../../src/features/compare/seriesEncoding';
import type { HostToWebview, RunSummary } from '../../../src/protocol/compare';
import { FakeStore, fakeSession, history, ofType } from './fakeCompare';

/** Each run's summary as the app holds it after these messages: init, then keyed `runs` updates. */
function summariesAfter(posted: HostToWebview[]): Map<string, RunSummary> {
  const runs = new Map<string, RunSummary>();
  for (const message of posted) if (message.type === 'init' || message.type === 'runs') for (const run of message.runs) runs.set(run.runId, run);
  return runs;
}

/** Lets the session's unawaited work run until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let turns = 0; !done(); turns++) {
    if (turns > 10_000) throw new Error('the condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR and the rest')]);

function visionStore(): FakeStore {
  return new FakeStore([
    { id: 'cnn', name: 'cnn-baseline', params: { lr: '0.01', model: 'cnn' }, histories: { loss: history(50, (s) => 1 / (s + 1)), acc: history(50, (s) => s / 100) } },
    { id: 'resnet', name: 'resnet-50', params: { lr: '0.1', depth: '50' }, histories: { loss: history(80, (s) => 0.8 / (s + 1)), 'val/loss': history(3) } },
    { id: 'live', name: 'still-training', status: 'RUNNING', experimentId: '2', params: { lr: '0.02' }, histories: { loss: history(10, (s) => 1 - s / 20) } },
  ]);
}

describe('Compare session (the host side of the panel)', () => {
  it('posts nothing before ready, then init first: runs in selection order with stable colours, keys, theme and the state to keep', async () => {
    const { session, posted } = fakeSession(visionStore(), ['resnet', 'cnn', 'live']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(posted.length, 0);
    await session.receive({ type: 'ready' });
    const [init] = posted;
    assert.equal(init.type, 'init');
    if (init.type !== 'init') return;
    assert.deepEqual(init.runs.map((r) => [r.runName, r.colorIndex]), [['resnet-50', 0], ['cnn-baseline', 1], ['still-training', 2]]);
    assert.deepEqual(init.metricKeys, ['acc', 'loss', 'val/loss']);
    assert.deepEqual(init.paramKeys, ['depth', 'lr', 'model']);
    assert.equal(init.theme, 'dark');
    assert.deepEqual(init.panelState, { runIds: ['resnet', 'cnn', 'live'], folder: 'file:///work/lab' });
    assert.equal(init.runs[1].metrics.loss, 1 / 50);
    assert.equal(init.runs[2].experimentName, 'tabular');
    assert.equal(init.runs[2].status, 'RUNNING');
    session.dispose();
  });

  it('leaves out a run it cannot read, says so after init, and the others keep their colours', async () => {
    const store = visionStore();
    store.unreadable.add('cnn');
    const { session, posted, logger } = fakeSession(store, ['resnet', 'cnn', 'live']);
    await session.receive({ type: 'ready' });
    const [init, error] = posted;
    assert.equal(init.type, 'init');
    if (init.type === 'init') assert.deepEqual(init.runs.map((r) => [r.runId, r.colorIndex]), [['resnet', 0], ['live', 2]]);
    assert.equal(error.type, 'error');
    if (error.type === 'error') assert.match(error.message, /^1 of 3 runs could not be read .*run cnn not found/);
    assert.ok(logger.lines.some((l) => l.startsWith('warn Compare: run cnn left out')));
    session.dispose();
  });

  it('says why when no run can be read', async () => {
    const store = visionStore();
    for (const id of ['cnn', 'resnet']) store.unreadable.add(id);
    const { session, posted } = fakeSession(store, ['cnn', 'resnet']);
    await session.receive({ type: 'ready' });
    assert.deepEqual(posted.map((m) => m.type), ['error']);
    if (posted[0].type === 'error') assert.match(posted[0].message, /none of the 2 runs could be read: run cnn not found/);
    session.dispose();
  });

  it('sends the series of the first charts named in ready right after init, without a request', async () => {
    const { session, posted } = fakeSession(visionStore(), ['resnet', 'cnn', 'live']);
    await session.receive({ type: 'ready', firstCharts: { metricKeys: ['val/loss', 'gone', 'loss'], count: 2 } });
    assert.equal(posted[0].type, 'init');
    await until(() => ofType(posted, 'series').some((batch) => batch.pending === 0));
    const sent = ofType(posted, 'series').flatMap((batch) => batch.series.map((s) => `${s.key} ${s.runId}`));
    assert.deepEqual(sent.sort(), ['loss cnn', 'loss live', 'loss resnet', 'val/loss resnet']);
    session.dispose();
  });

  it('works out the first charts as the app does, and ignores a malformed hint', () => {
    const keys = ['acc', 'loss', 'val/loss'];
    assert.deepEqual(firstChartKeys({ metricKeys: null, count: 2 }, keys), ['acc', 'loss']);
    assert.deepEqual(firstChartKeys({ metricKeys: ['val/loss', 'gone'], count: 2 }, keys), ['val/loss']);
    assert.deepEqual(firstChartKeys(undefined, keys), []);
    for (const count of [0, -1, 1.5, Number.NaN, '2' as unknown as number]) assert.deepEqual(firstChartKeys({ metricKeys: null, count }, keys), [], String(count));
    assert.deepEqual(firstChartKeys({ metricKeys: 'loss' as unknown as string[], count: 1 }, keys), []);
    assert.equal(firstChartKeys({ metricKeys: null, count: 1000 }, Array.from({ length: 20 }, (_, i) => `m${i}`)).length, 4);
  });

  it('answers requestSeries with reduced series in batches, each run once, then min and max over the whole history', async () => {
    const runs = Array.from({ length: 60 }, (_, i) => ({ id: `run-${i}`, histories: { loss: history(5000, (s) => (s === 1234 ? -7 - i : Math.cos(s / 100 + i))) } }));
    const { session, posted } = fakeSession(new FakeStore(runs), runs.map((r) => r.id));
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'requestSeries', keys: ['loss', 'no-such-metric'] });
    const batches = ofType(posted, 'series');
    assert.ok(batches.length >= 2, `${batches.length} batch(es) for ${runs.length} series`);
    for (const batch of batches) assert.ok(JSON.stringify(batch).length <= 1024 * 1024 + 1000, 'a batch is larger than 1 MB');
    assert.equal(batches[batches.length - 1].pending, 0);
    const sent = batches.flatMap((b) => b.series);
    assert.deepEqual(sent.map((s) => s.runId).sort(), runs.map((r) => r.id).sort());
    const budget = seriesPointBudget(runs.length);
    for (const series of sent) {
      assert.equal(series.key, 'loss');
      assert.equal(series.totalPoints, 5000);
      const points = decodeSeries(series);
      assert.ok(points.length <= budget, `${points.length} points > ${budget}`);
      assert.equal(points[points.length - 1].step, 4999);
      assert.ok(points.some((p) => p.step === 1234), 'the minimum was reduced away');
    }
    const summaries = summariesAfter(posted);
    const max = Math.max(...runs[3].histories.loss.map((p) => p.value));
    assert.deepEqual(summaries.get('run-3')?.metricStats.loss, { min: -10, max });
    for (const run of runs) assert.ok(summaries.get(run.id)?.metricStats.loss, `no stats for ${run.id}`);
    const statsUpdates = ofType(posted, 'runs').flatMap((m) => m.runs.map((r) => r.runId));
    assert.equal(new Set(statsUpdates).size, statsUpdates.length, 'a run\'s stats were sent twice');
    session.dispose();
  });

  it('sends series only for runs that have the metric, and keeps non-finite values', async () => {
    const store = new FakeStore([
      { id: 'a', histories: { x: [{ step: 0, timestamp: 1, value: Number.NaN }, { step: 1, timestamp: 2, value: Number.NEGATIVE_INFINITY }] } },
      { id: 'b', histories: { y: history(3) } },
    ]);
    const { session, posted } = fakeSession(store, ['a', 'b']);
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'requestSeries', keys: ['x'] });
    const sent = ofType(posted, 'series').flatMap((m) => m.series);
    assert.deepEqual(sent.map((s) => s.runId), ['a']);
    const values = decodeSeries(sent[0]).map((p) => p.value);
    assert.ok(Number.isNaN(values[0]));
    assert.equal(values[1], Number.NEGATIVE_INFINITY);
    assert.deepEqual(summariesAfter(posted).get('a')?.metricStats.x, { min: '-Infinity', max: '-Infinity' });
    session.dispose();
  });

  it('reads each history once: the second request and a reloaded page are answered from what was read', async () => {
    const store = visionStore();
    const { session, posted } = fakeSession(store, ['cnn', 'resnet']);
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'requestSeries', keys: ['loss'] });
    const reads = store.historyReads.filter((r) => r.endsWith('/loss')).length;
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'requestSeries', keys: ['loss'] });
    assert.equal(store.historyReads.filter((r) => r.endsWith('/loss')).length, reads);
    assert.equal(ofType(posted, 'init').length, 2);
    assert.equal(ofType(posted, 'series').flatMap((m) => m.series).filter((s) => s.key === 'loss').length, 4);
    session.dispose();
  });

  it('does not post a gone page’s series to the page that replaced it', async () => {
    const store = visionStore();
    const { session, posted } = fakeSession(store, ['cnn', 'resnet']);
    await session.receive({ type: 'ready' });
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    const request = session.receive({ type: 'requestSeries', keys: ['val/loss'] });
    session.pageGone();
    posted.length = 0;
    open();
    await request;
    assert.equal(posted.length, 0);
    session.dispose();
  });

  it('exports one CSV row per run with the chosen params and metrics, reading the histories min and max need', async () => {
    const { session, dialogs } = fakeSession(visionStore(), ['cnn', 'resnet']);
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'exportCsv', metricKeys: ['loss'], paramKeys: ['lr', 'model'] });
    assert.equal(dialogs.saved.length, 1);
    assert.equal(dialogs.saved[0].name, 'compare-2-runs.csv');
    const lines = dialogs.saved[0].content.toString('utf8').split('\r\n');
    assert.match(lines[0], /,params\.lr,params\.model,metrics\.loss,metrics\.loss\.min,metrics\.loss\.max$/);
    assert.match(lines[1], /^cnn,cnn-baseline,1,vision,FINISHED,.*,0\.01,cnn,0\.02,0\.02,1$/);
    assert.match(lines[2], /^resnet,resnet-50,.*,0\.1,,0\.01,0\.01,0\.8$/);
    session.dispose();
  });

  it('exports whole histories on request, and nothing when the dialog is cancelled', async () => {
    const { session, dialogs } = fakeSession(visionStore(), ['cnn', 'resnet']);
    await session.receive({ type: 'ready' });
    dialogs.cancel = true;
    await session.receive({ type: 'exportCsv', metricKeys: ['loss'], paramKeys: [] });
    assert.equal(dialogs.saved.length, 0);
    dialogs.cancel = false;
    await session.receive({ type: 'exportCsv', metricKeys: ['loss'], paramKeys: [], kind: 'histories' });
    const lines = dialogs.saved[0].content.toString('utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], 'run_id,run_name,key,step,timestamp,value');
    assert.equal(lines.length, 1 + 50 + 80);
    assert.equal(lines[1], 'cnn,cnn-baseline,loss,0,1767000000000,1');
    session.dispose();
  });

  it('saves a chart image as the bytes the app sent, and refuses what is not a PNG', async () => {
    const { session, dialogs, posted } = fakeSession(visionStore(), ['cnn', 'resnet']);
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'savePng', fileName: '../../loss chart.png', pngBase64: PNG.toString('base64') });
    assert.equal(dialogs.saved[0].name, 'loss chart.png');
    assert.deepEqual(dialogs.saved[0].content, PNG);
    await session.receive({ type: 'savePng', fileName: 'x.png', pngBase64: Buffer.from('GIF89a').toString('base64') });
    assert.equal(dialogs.saved.length, 1);
    const error = ofType(posted, 'error').pop();
    assert.match(error?.message ?? '', /Save chart image failed: the chart image is not a PNG/);
    session.dispose();
  });

  it('hands the app’s log to the logger, counts its errors, and reports the first paint', async () => {
    const { session, logger, appErrors, firstPaints } = fakeSession(visionStore(), ['cnn', 'resnet']);
    await session.receive({ type: 'log', level: 'warn', message: 'slow chart' });
    await session.receive({ type: 'log', level: 'error', message: 'chart crashed' });
    await session.receive({ type: 'firstPaint', sinceStartMs: 42 });
    assert.ok(logger.lines.includes('warn Compare panel: slow chart'));
    assert.ok(logger.lines.includes('error Compare panel: chart crashed'));
    assert.deepEqual(appErrors, ['chart crashed']);
    assert.deepEqual(firstPaints, [42]);
    session.dispose();
  });

  it('refreshes only the training runs and the series the app asked for, posting what changed', async () => {
    const store = visionStore();
    const { session, posted } = fakeSession(store, ['cnn', 'live']);
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'requestSeries', keys: ['loss'] });
    posted.length = 0;
    store.historyReads.length = 0;
    assert.equal(await session.refreshRunning(), true);
    assert.equal(posted.length, 0, 'nothing changed, nothing posted');
    assert.deepEqual(store.historyReads, ['live/loss']);
    store.runs.get('live')!.histories!.loss.push({ step: 10, timestamp: 1_767_000_000_200, value: -3 });
    assert.equal(await session.refreshRunning(), true);
    const [series, runs] = posted;
    assert.equal(series.type, 'series');
    if (series.type === 'series') assert.deepEqual(series.series.map((s) => [s.runId, s.totalPoints]), [['live', 11]]);
    assert.equal(runs.type, 'runs');
    if (runs.type === 'runs') {
      assert.deepEqual(runs.runs.map((r) => [r.runId, r.metrics.loss, r.metricStats.loss?.min, r.colorIndex]), [['live', -3, -3, 1]]);
    }
    store.runs.get('live')!.status = 'FINISHED';
    assert.equal(await session.refreshRunning(), false);
    session.dispose();
  });

  it('sends the new theme only to a page that has its init', async () => {
    let theme: 'dark' | 'light' = 'dark';
    const { session, posted } = fakeSession(visionStore(), ['cnn', 'resnet'], { theme: () => theme });
    session.postTheme();
    assert.equal(posted.length, 0);
    await session.receive({ type: 'ready' });
    theme = 'light';
    session.postTheme();
    assert.deepEqual(posted.pop(), { type: 'theme', theme: 'light' });
    session.dispose();
  });
});
