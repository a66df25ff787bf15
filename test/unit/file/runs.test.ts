import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTrackingStore } from '../../../src/core/tracking/file/fileTrackingStore';
import { TrackingError } from '../../../src/core/tracking/errors';
import { FixtureStore } from './fixtureStore';

function rejectsWith(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof TrackingError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('file store runs', () => {
  let fixture: FixtureStore;
  let store: FileTrackingStore;

  beforeEach(() => {
    fixture = new FixtureStore('file-runs');
    store = new FileTrackingStore(fixture.root, `file://${fixture.root}`);
    fixture.experiment('1');
  });
  afterEach(() => fixture.cleanup());

  it('reads info, nested metric keys, params and tags of a run', async () => {
    const dir = fixture.run('1', 'r1');
    fixture.write(`${dir}/metrics/loss/train`, '100 0.5 0\n200 0.25 1\n');
    fixture.write(`${dir}/metrics/acc`, '100 0.9\n');
    fixture.write(`${dir}/params/lr`, '0.01');
    fixture.write(`${dir}/params/layers/0/units`, '64');
    fixture.write(`${dir}/tags/mlflow.user`, 'alice');
    fixture.write(`${dir}/tags/note`, 'multi\r\nline\n');
    const run = await store.getRun('r1');
    assert.deepEqual(run.info, {
      run_id: 'r1',
      run_name: 'name-r1',
      experiment_id: '1',
      user_id: 'alice',
      status: 'FINISHED',
      start_time: 1700000000000,
      end_time: 1700000005000,
      artifact_uri: `file://${fixture.root}/1/r1/artifacts`,
      lifecycle_stage: 'active',
    });
    assert.deepEqual(run.data, {
      metrics: { acc: 0.9, 'loss/train': 0.25 },
      params: { 'layers/0/units': '64', lr: '0.01' },
      tags: { 'mlflow.user': 'alice', note: 'multi\r\nline\n' },
    });
    assert.deepEqual(run.inputs, { dataset_inputs: [] });
    assert.deepEqual(run.outputs, { model_outputs: [] });
  });

  it('maps the persisted status ints to names', async () => {
    const names = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
    for (let status = 1; status <= 5; status++) fixture.run('1', `s${status}`, { status });
    for (let status = 1; status <= 5; status++) assert.equal((await store.getRun(`s${status}`)).info.status, names[status - 1]);
  });

  it('takes a run without status and end_time for RUNNING with end_time null', async () => {
    fixture.run('1', 'live', { status: undefined, end_time: undefined });
    fixture.run('1', 'live2', { status: null, end_time: null });
    for (const id of ['live', 'live2']) {
      const { info } = await store.getRun(id);
      assert.equal(info.status, 'RUNNING');
      assert.equal(info.end_time, null);
    }
  });

  it('names a run without run_name after its mlflow.runName tag', async () => {
    const dir = fixture.run('1', 'unnamed', { run_name: '' });
    fixture.write(`${dir}/tags/mlflow.runName`, 'from-tag');
    fixture.run('1', 'noname', { run_name: undefined });
    assert.equal((await store.getRun('unnamed')).info.run_name, 'from-tag');
    assert.equal((await store.getRun('noname')).info.run_name, '');
  });

  it('searches active runs by default and deleted or all runs on request', async () => {
    fixture.run('1', 'alive');
    fixture.run('1', 'dead', { lifecycle_stage: 'deleted' });
    fixture.run('1', 'old', { lifecycle_stage: undefined });
    const ids = async (view?: 'active' | 'deleted' | 'all') =>
      (await store.searchRuns({ experimentIds: ['1'], view, orderBy: ['attributes.run_id ASC'] })).runs.map((r) => r.info.run_id);
    assert.deepEqual(await ids(), ['alive', 'old']);
    assert.deepEqual(await ids('deleted'), ['dead']);
    assert.deepEqual(await ids('all'), ['alive', 'dead', 'old']);
  });

  it('searches every active experiment when none is given, and runs of a deleted one on request', async () => {
    fixture.run('1', 'a');
    const trashed = fixture.experiment('2', { deleted: true });
    fixture.run(trashed, 'b', { lifecycle_stage: 'deleted' });
    const all = await store.searchRuns({ experimentIds: [], view: 'all' });
    assert.deepEqual(all.runs.map((r) => r.info.run_id), ['a']);
    const deleted = await store.searchRuns({ experimentIds: ['2', 'unknown', '../1'], view: 'deleted' });
    assert.deepEqual(deleted.runs.map((r) => r.info.run_id), ['b']);
    assert.equal((await store.getRun('b')).info.experiment_id, '2');
  });

  it('hands filter, order and paging to the in-memory search', async () => {
    for (const [id, loss] of [['a', 3], ['b', 1], ['c', 2]] as const) {
      fixture.write(`${fixture.run('1', id)}/metrics/loss`, `100 ${loss} 0\n`);
    }
    const page = await store.searchRuns({ experimentIds: ['1'], filter: 'metrics.loss < 3', orderBy: ['metrics.loss DESC'], maxResults: 1 });
    assert.deepEqual(page.runs.map((r) => r.info.run_id), ['c']);
    assert.ok(page.nextPageToken);
    const next = await store.searchRuns({ experimentIds: ['1'], filter: 'metrics.loss < 3', orderBy: ['metrics.loss DESC'], maxResults: 1, pageToken: page.nextPageToken ?? undefined });
    assert.deepEqual(next.runs.map((r) => r.info.run_id), ['b']);
  });

  it('rejects a malformed filter as INVALID_ARGUMENT', async () => {
    fixture.run('1', 'a');
    await assert.rejects(store.searchRuns({ experimentIds: ['1'], filter: 'metrics.loss <<>> 3' }), rejectsWith('INVALID_ARGUMENT', /./));
    await assert.rejects(store.searchRuns({ experimentIds: ['1'], maxResults: 50001 }), rejectsWith('INVALID_ARGUMENT', /max_results/));
  });

  it('reports corrupt runs and unreadable files as problems and returns everything else', async () => {
    fixture.run('1', 'good');
    fixture.write(`${fixture.run('1', 'truncated')}/meta.yaml`, 'artifact_uri: x\nexperiment_id: \'1\'\nrun_');
    fixture.write(`${fixture.run('1', 'latin1')}/meta.yaml`, Buffer.from('user_id: \xe9\n', 'latin1'));
    fixture.write(`${fixture.run('1', 'nostart')}/meta.yaml`, 'experiment_id: \'1\'\nrun_id: nostart\nuser_id: u\nend_time: null\n');
    const partial = fixture.run('1', 'partial');
    fixture.write(`${partial}/metrics/ok`, '1 2 3\n');
    fixture.write(`${partial}/metrics/garbage`, '1 2 3\nnot a metric line at all\n4 5 6\n');
    fixture.write(`${partial}/metrics/empty`, '');
    fixture.write(`${partial}/tags/binary`, Buffer.from([0xff, 0xfe]));
    fs.mkdirSync(path.join(fixture.root, '1', 'not-a-run'));
    const page = await store.searchRuns({ experimentIds: ['1'], orderBy: ['attributes.run_id ASC'] });
    assert.deepEqual(page.runs.map((r) => r.info.run_id), ['good', 'partial']);
    const partialRun = page.runs[1];
    assert.deepEqual(partialRun.data.metrics, { garbage: 5, ok: 2 });
    assert.deepEqual(partialRun.data.tags, {});
    const problems = page.problems.map((p) => `${path.relative(fixture.root, p.item)}: ${p.message}`).sort();
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems[0], /^1\/latin1\/meta\.yaml: not valid UTF-8/);
    assert.match(problems[1], /^1\/nostart\/meta\.yaml: missing field 'start_time'/);
    assert.match(problems[2], /^1\/partial\/metrics\/empty: metric 'empty' has no data/);
    assert.match(problems[3], /^1\/partial\/metrics\/garbage: unreadable metric line\(s\) 2/);
    assert.match(problems[4], /^1\/partial\/tags\/binary: not valid UTF-8/);
    assert.match(problems[5], /^1\/truncated\/meta\.yaml: invalid YAML/);
  });

  it('skips runs whose meta names another experiment or another run id', async () => {
    fixture.run('1', 'moved', { experiment_id: '9' });
    fixture.run('1', 'copied', { run_id: 'original' });
    const page = await store.searchRuns({ experimentIds: ['1'] });
    assert.deepEqual(page.runs, []);
    assert.deepEqual(page.problems.map((p) => path.basename(path.dirname(p.item))).sort(), ['copied', 'moved']);
    await assert.rejects(store.getRun('moved'), rejectsWith('CORRUPT', /moved/));
  });

  it('throws CORRUPT naming the file for getRun of a corrupt run, NOT_FOUND for an unknown one', async () => {
    const dir = fixture.run('1', 'broken');
    fixture.write(`${dir}/meta.yaml`, 'run_id: [unclosed\n');
    await assert.rejects(store.getRun('broken'), rejectsWith('CORRUPT', /broken\/meta\.yaml/));
    await assert.rejects(store.getRun('nosuchrun'), rejectsWith('NOT_FOUND', /nosuchrun/));
    await assert.rejects(store.getRun('../1'), rejectsWith('INVALID_ARGUMENT', /not a valid run id/));
  });

  it('does not find a run folder lacking metrics/, params/ or artifacts/, as MLflow get_run', async () => {
    const dir = fixture.run('1', 'bare');
    fs.rmSync(path.join(fixture.root, dir, 'artifacts'), { recursive: true });
    await assert.rejects(store.getRun('bare'), rejectsWith('NOT_FOUND', /bare/));
    assert.deepEqual((await store.searchRuns({ experimentIds: ['1'] })).runs.map((r) => r.info.run_id), ['bare']);
  });

  it('returns the full history of a metric sorted by step then timestamp', async () => {
    const dir = fixture.run('1', 'h');
    fixture.write(`${dir}/metrics/loss/val`, '300 nan 2\n100 1 0\n200 inf 1\n150 -inf 1\n');
    assert.deepEqual(await store.getMetricHistory('h', 'loss/val'), [
      { step: 0, timestamp: 100, value: 1 },
      { step: 1, timestamp: 150, value: -Infinity },
      { step: 1, timestamp: 200, value: Infinity },
      { step: 2, timestamp: 300, value: Number.NaN },
    ]);
    assert.deepEqual(await store.getMetricHistory('h', 'never-logged'), []);
    assert.deepEqual(await store.getMetricHistory('h', 'loss'), []);
    await assert.rejects(store.getMetricHistory('h', '../../../meta.yaml'), rejectsWith('INVALID_ARGUMENT', /metric key/));
    await assert.rejects(store.getMetricHistory('nosuchrun', 'loss'), rejectsWith('NOT_FOUND', /nosuchrun/));
  });

  it('sees a metric line appended after a first search (the cache follows the file)', async () => {
    const dir = fixture.run('1', 'grow');
    const file = fixture.write(`${dir}/metrics/loss`, '100 1 0\n');
    assert.equal((await store.searchRuns({ experimentIds: ['1'] })).runs[0].data.metrics.loss, 1);
    fs.appendFileSync(file, '200 0.5 1\n');
    assert.equal((await store.searchRuns({ experimentIds: ['1'] })).runs[0].data.metrics.loss, 0.5);
  });

  it('stops with CANCELLED when the signal is aborted', async () => {
    fixture.run('1', 'x');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(store.searchRuns({ experimentIds: ['1'] }, controller.signal), rejectsWith('CANCELLED', /cancelled/));
  });
});
