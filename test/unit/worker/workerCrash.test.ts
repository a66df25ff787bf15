import * as assert from 'node:assert/strict';
import { TrackingError } from '../../../src/core/tracking/errors';
import type { StoreChange } from '../../../src/core/tracking/types';
import { WorkerTrackingStore } from '../../../src/core/tracking/worker/workerTrackingStore';
import { type FakeStoreChannel, startFakeStore } from './fakeStoreChannel';
import { fakeRun } from './fixtures/fakeTrackingStore';

async function servingThread(store: WorkerTrackingStore): Promise<string> {
  return (await store.listExperiments('active')).items[0].name;
}

function stoppedBecause(store: WorkerTrackingStore, cause: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof TrackingError, String(error));
    assert.equal(error.code, 'UNAVAILABLE');
    assert.equal(error.uri, store.uri);
    assert.match(error.message, /the tracking worker stopped/);
    assert.match(error.message, cause);
    return true;
  };
}

describe('WorkerTrackingStore: a crashing worker', () => {
  let store: WorkerTrackingStore;
  let channel: FakeStoreChannel | undefined;

  afterEach(() => {
    store.close();
    channel?.close();
    channel = undefined;
  });

  function start(init: Parameters<typeof startFakeStore>[0] = {}): FakeStoreChannel {
    const fake = startFakeStore(init);
    store = fake.store;
    channel = fake.channel;
    return fake.channel;
  }

  it('rejects every pending call naming the cause, and serves the next call from a new worker', async () => {
    const notes = start();
    const before = await servingThread(store);
    const pending = store.searchRuns({ experimentIds: [], filter: 'hang' });
    await notes.waitFor('started');
    await Promise.all([
      assert.rejects(store.getRun('crash'), stoppedBecause(store, /the fake store blew up/)),
      assert.rejects(pending, stoppedBecause(store, /the fake store blew up/)),
    ]);
    const after = await servingThread(store);
    assert.notEqual(after, before);
    assert.deepEqual(await store.getRun('fine'), fakeRun('fine'));
  });

  it('reports a worker that exits', async () => {
    start();
    await assert.rejects(store.getRun('exit'), stoppedBecause(store, /exited with code 7/));
    assert.deepEqual(await store.getRun('fine'), fakeRun('fine'));
  });

  it('reports a worker that runs out of memory, without taking the caller down', async function () {
    this.timeout(30_000);
    start({ resourceLimits: { maxOldGenerationSizeMb: 32 } });
    await assert.rejects(store.getRun('oom'), stoppedBecause(store, /memory/));
    assert.deepEqual(await store.getRun('fine'), fakeRun('fine'));
  });

  it('stops restarting after too many crashes within a minute, and says so', async () => {
    start({ maxRestartsPerMinute: 1 });
    await assert.rejects(store.getRun('crash'), stoppedBecause(store, /blew up/));
    await store.getRun('fine');
    await assert.rejects(store.getRun('crash'), stoppedBecause(store, /blew up/));
    const givenUp = (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.uri, store.uri);
      assert.match(error.message, /kept crashing \(restarted 1 time\(s\) in the last minute\) and is not restarted again \(last cause: the fake store blew up\)/);
      return true;
    };
    await assert.rejects(store.getRun('fine'), givenUp);
    await assert.rejects(store.listExperiments('active'), givenUp);
  });

  it('keeps watchers watching across a restart, telling them everything may have changed', async () => {
    const notes = start();
    const seen: StoreChange[] = [];
    let arrived: () => void = () => undefined;
    const next = () => new Promise<void>((resolve) => (arrived = resolve));
    store.watch((change) => {
      seen.push(change);
      arrived();
    });
    await notes.waitFor('watching');
    const everything = next();
    await assert.rejects(store.getRun('crash'), stoppedBecause(store, /blew up/));
    await everything;
    assert.deepEqual(seen, [{ kinds: ['experiments', 'runs', 'models', 'datasets'] }]);
    await notes.waitFor('watching', 2);
    const forwarded = next();
    notes.send({ command: 'change', change: { kinds: ['datasets'] } });
    await forwarded;
    assert.deepEqual(seen[1], { kinds: ['datasets'] });
  });

  it('fails its calls clearly when the worker script cannot be loaded', async () => {
    store = WorkerTrackingStore.start({
      workerScript: '/nonexistent/trackingWorker.js',
      resolved: { kind: 'file', uri: 'file:///nowhere/mlruns', path: '/nowhere/mlruns', source: 'explicit' },
      maxRestartsPerMinute: 0,
    });
    await assert.rejects(store.listExperiments('active'), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.match(error.message, /^file:\/\/\/nowhere\/mlruns: the tracking worker stopped \(.*Cannot find module '\/nonexistent\/trackingWorker\.js'/);
      return true;
    });
  });
});
