import * as assert from 'node:assert/strict';
import { TrackingError } from '../../../src/core/tracking/errors';
import type { StoreChange } from '../../../src/core/tracking/types';
import type { WorkerTrackingStore } from '../../../src/core/tracking/worker/workerTrackingStore';
import { type FakeStoreChannel, startFakeStore } from './fakeStoreChannel';
import { fakeHistory, fakeRun, manyRuns } from './fixtures/fakeTrackingStore';

describe('WorkerTrackingStore: calls into the worker', () => {
  let store: WorkerTrackingStore;
  let channel: FakeStoreChannel;

  beforeEach(() => {
    ({ store, channel } = startFakeStore());
  });

  afterEach(() => {
    store.close();
    channel.close();
  });

  it('answers every method with what the store in the worker returned', async () => {
    const experiments = await store.listExperiments('deleted');
    assert.equal(experiments.items[0].lifecycle_stage, 'deleted');
    assert.deepEqual(experiments.items[0].tags, { view: 'deleted' });
    assert.deepEqual(experiments.problems, [{ item: 'x', message: 'one bad file' }]);
    assert.deepEqual(await store.searchRuns({ experimentIds: ['1'], filter: 'runs:2' }), { runs: manyRuns(2), nextPageToken: 'after 2', problems: [] });
    assert.deepEqual(await store.getRun('abc'), fakeRun('abc'));
    assert.deepEqual(await store.getMetricHistory('abc', 'points:5'), fakeHistory(5));
    assert.deepEqual((await store.listRegisteredModels()).items[0].aliases, { champion: '1' });
    assert.deepEqual((await store.listLoggedModels(['7', '8'])).problems.map((p) => p.item), ['7', '8']);
    assert.deepEqual((await store.listDatasets(['9'])).problems.map((p) => p.item), ['9']);
  });

  it('offers registry writes only for tracking servers, and forwards them to the worker', async () => {
    assert.equal(store.registryWrites, undefined);
    const server = startFakeStore({ resolved: { kind: 'rest', uri: 'http://127.0.0.1:1', source: 'explicit' } });
    try {
      const writes = server.store.registryWrites;
      assert.ok(writes);
      await assert.rejects(writes.setModelAlias('iris', 'champion', '3'), /set iris @champion -> 3/);
      await assert.rejects(writes.deleteModelAlias('iris', 'old'), (e: unknown) => e instanceof TrackingError && e.code === 'PERMISSION_DENIED' && e.reason === 'delete iris @old');
    } finally {
      server.store.close();
      server.channel.close();
    }
  });

  it('keeps NaN and ±Infinity in metrics', async () => {
    const run = await store.getRun('r');
    assert.ok(Number.isNaN(run.data.metrics.nan));
    assert.equal(run.data.metrics.inf, Number.POSITIVE_INFINITY);
    assert.equal(run.data.metrics.neg_inf, Number.NEGATIVE_INFINITY);
  });

  it('carries a 20,000-run page and a 100,000-point history whole, NaN and infinities included', async function () {
    this.timeout(60_000);
    const page = await store.searchRuns({ experimentIds: [], filter: 'runs:20000' });
    assert.deepEqual(page, { runs: manyRuns(20_000), nextPageToken: 'after 20000', problems: [] });
    assert.deepEqual(await store.getMetricHistory('r', 'points:100000'), fakeHistory(100_000));
  });

  it('knows its kind and URI without asking the worker', () => {
    assert.equal(store.kind, 'sqlite');
    assert.match(store.uri, /^sqlite:\/\/\/\/fake\//);
  });

  it('re-creates TrackingErrors with their URI, reason and code', async () => {
    await assert.rejects(store.getRun('missing'), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.uri, store.uri);
      assert.equal(error.reason, 'Run with id=missing not found');
      assert.equal(error.code, 'NOT_FOUND');
      assert.equal(error.message, `${store.uri}: Run with id=missing not found`);
      return true;
    });
  });

  it('re-creates other errors with their name and message, and thrown values as messages', async () => {
    await assert.rejects(store.getRun('plain'), (error: unknown) => {
      assert.ok(error instanceof Error && !(error instanceof TrackingError));
      assert.equal(error.name, 'TypeError');
      assert.equal(error.message, 'plain failure');
      return true;
    });
    await assert.rejects(store.getRun('string'), { message: 'a thrown string' });
  });

  it('serves calls concurrently: a quick call answers while a slow one is still running', async () => {
    const controller = new AbortController();
    const slow = store.searchRuns({ experimentIds: [], filter: 'hang' }, controller.signal);
    await channel.waitFor('started');
    assert.deepEqual(await store.getRun('quick'), fakeRun('quick'));
    controller.abort();
    await assert.rejects(slow, { code: 'CANCELLED' });
  });

  it('cancels: rejects at once and aborts the signal the store in the worker was given', async () => {
    const controller = new AbortController();
    const search = store.searchRuns({ experimentIds: [], filter: 'hang' }, controller.signal);
    await channel.waitFor('started');
    controller.abort();
    // The fake never settles its call, so this rejection comes from the proxy alone.
    await assert.rejects(search, (error: unknown) => error instanceof TrackingError && error.code === 'CANCELLED' && error.uri === store.uri);
    await channel.waitFor('aborted');
  });

  it('rejects an already aborted call without sending it', async () => {
    await assert.rejects(store.searchRuns({ experimentIds: [], filter: 'hang' }, AbortSignal.abort()), { code: 'CANCELLED' });
    await store.listExperiments('active');
    assert.equal(channel.count('started'), 0);
  });

  it('forwards store changes to watchers until disposed, and unsubscribes in the worker', async () => {
    const seen: StoreChange[] = [];
    let arrived: () => void = () => undefined;
    const watcher = store.watch((change) => {
      seen.push(change);
      arrived();
    });
    await channel.waitFor('watching');
    const first = new Promise<void>((resolve) => (arrived = resolve));
    channel.send({ command: 'change', change: { kinds: ['runs'], runIds: ['r1'] } });
    await first;
    assert.deepEqual(seen, [{ kinds: ['runs'], runIds: ['r1'] }]);

    watcher.dispose();
    await channel.waitFor('unwatched');
    channel.send({ command: 'change', change: { kinds: ['models'] } });
    // A change the worker forwarded would arrive before the answer to a later call.
    await store.listExperiments('active');
    assert.equal(seen.length, 1);
  });
});
