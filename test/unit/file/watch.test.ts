import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTrackingStore } from '../../../src/core/tracking/file/fileTrackingStore';
import { StoreWatcher } from '../../../src/core/tracking/file/storeWatcher';
import type { StoreChange } from '../../../src/core/tracking/types';
import { FixtureStore } from './fixtureStore';

/** Collects changes; `next()` resolves with the next one (no sleeping: it waits for the event). */
function recorder() {
  const changes: StoreChange[] = [];
  let waiting: ((change: StoreChange) => void) | undefined;
  return {
    changes,
    onChange(change: StoreChange) {
      changes.push(change);
      waiting?.(change);
      waiting = undefined;
    },
    next(): Promise<StoreChange> {
      return new Promise((resolve) => (waiting = resolve));
    },
  };
}

// fs.watch handles close in libuv's close phase: two loop turns after close() they are gone.
async function loopTurns(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

function watchHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'FSEventWrap' || kind === 'Timeout').length;
}

describe('file store watch', () => {
  let fixture: FixtureStore;
  let runDir: string;

  beforeEach(() => {
    fixture = new FixtureStore('file-watch');
    fixture.experiment('1');
    runDir = fixture.run('1', 'r1');
    fixture.write(`${runDir}/metrics/loss/train`, '1 1 0\n');
  });
  afterEach(() => fixture.cleanup());

  it('reports a new metric line of a run with the run id', async () => {
    const events = recorder();
    const watcher = new StoreWatcher(fixture.root, events.onChange, { debounceMs: 20 });
    await watcher.idle();
    const next = events.next();
    fs.appendFileSync(path.join(fixture.root, runDir, 'metrics/loss/train'), '2 0.5 1\n');
    assert.deepEqual(await next, { kinds: ['runs'], runIds: ['r1'] });
    watcher.dispose();
  });

  it('reports a new run, and then a metric logged in its new folders', async () => {
    const events = recorder();
    const watcher = new StoreWatcher(fixture.root, events.onChange, { debounceMs: 20 });
    await watcher.idle();
    let next = events.next();
    const newRun = fixture.run('1', 'r2');
    assert.deepEqual(await next, { kinds: ['runs'], runIds: ['r2'] });
    await watcher.idle();
    next = events.next();
    fs.appendFileSync(path.join(fixture.root, newRun, 'metrics', 'acc'), '5 0.5 1\n');
    assert.deepEqual(await next, { kinds: ['runs'], runIds: ['r2'] });
    watcher.dispose();
  });

  it('coalesces a burst of changes into one notification', async () => {
    const events = recorder();
    const watcher = new StoreWatcher(fixture.root, events.onChange, { debounceMs: 50 });
    await watcher.idle();
    const next = events.next();
    fixture.experiment('2');
    fixture.write(`${runDir}/tags/note`, 'x');
    fixture.write('models/clf/meta.yaml', 'name: clf\n');
    assert.deepEqual(await next, { kinds: ['experiments', 'models', 'runs'], runIds: ['r1'] });
    assert.equal(events.changes.length, 1);
    watcher.dispose();
  });

  it('stays silent after dispose and leaves no open handle', async () => {
    await loopTurns();
    const before = watchHandles();
    const store = new FileTrackingStore(fixture.root, `file://${fixture.root}`);
    const disposed = recorder();
    const handle = store.watch(disposed.onChange);
    await handle.ready;
    assert.ok(watchHandles() > before);
    handle.dispose();
    await loopTurns();
    assert.equal(watchHandles(), before);

    // A second, live watcher proves the change was seen while the disposed one said nothing.
    const live = recorder();
    const control = new StoreWatcher(fixture.root, live.onChange, { debounceMs: 200 });
    await control.idle();
    const next = live.next();
    fs.appendFileSync(path.join(fixture.root, runDir, 'metrics/loss/train'), '3 0.1 2\n');
    await next;
    control.dispose();
    assert.deepEqual(disposed.changes, []);
    store.close();
  });

  it('spends at most maxWatches watches, shallow folders first, and polls experiments beyond them', async () => {
    const events = recorder();
    const watcher = new StoreWatcher(fixture.root, events.onChange, { debounceMs: 20, pollIntervalMs: 20, maxWatches: 1 });
    await watcher.idle();
    assert.equal(watcher.watchCount, 1);
    const next = events.next();
    fixture.run('1', 'r9');
    assert.deepEqual(await next, { kinds: ['runs'], runIds: ['r9'] });
    watcher.dispose();
  });

  it('falls back to polling where fs.watch is refused, and finds the store once it exists', async () => {
    const missingRoot = path.join(path.dirname(fixture.root), 'later');
    const events = recorder();
    const watcher = new StoreWatcher(missingRoot, events.onChange, { debounceMs: 20, pollIntervalMs: 20 });
    await watcher.idle();
    const next = events.next();
    fs.mkdirSync(path.join(missingRoot, '0'), { recursive: true });
    assert.deepEqual(await next, { kinds: ['experiments'] });
    watcher.dispose();
  });
});
