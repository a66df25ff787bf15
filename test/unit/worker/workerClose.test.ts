import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { startFakeStore } from './fakeStoreChannel';

function runUntilExit(mode: 'hang' | 'spin'): { settled: string; message?: string; code?: string } {
  const script = path.join(__dirname, 'fixtures', 'closeWhileBusy.js');
  const result = spawnSync(process.execPath, [script, mode], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(result.signal, null, `the process did not exit by itself after close() (${mode}); stderr:\n${result.stderr}`);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe('WorkerTrackingStore: close()', () => {
  it('rejects pending calls, closes the store in the worker and ends its watches', async () => {
    const { store, channel } = startFakeStore();
    try {
      store.watch(() => undefined);
      const pending = store.searchRuns({ experimentIds: [], filter: 'hang' });
      await channel.waitFor('started');
      store.close();
      await assert.rejects(pending, (error: unknown) => {
        assert.ok(error instanceof TrackingError);
        assert.equal(error.code, 'CANCELLED');
        assert.equal(error.message, `${store.uri}: the store was closed before the request finished`);
        return true;
      });
      await Promise.all([channel.waitFor('closed'), channel.waitFor('unwatched'), channel.waitFor('aborted')]);
    } finally {
      channel.close();
    }
  });

  it('refuses calls after close', async () => {
    const { store, channel } = startFakeStore();
    channel.close();
    store.close();
    await assert.rejects(store.getRun('r'), { message: `${store.uri}: the store is closed`, code: 'UNAVAILABLE' });
    store.watch(() => undefined).dispose();
  });

  it('leaves no thread behind: the process exits by itself', function () {
    this.timeout(30_000);
    assert.deepEqual(runUntilExit('hang'), {
      settled: 'rejected',
      message: 'sqlite:////fake/closing.db: the store was closed before the request finished',
      code: 'CANCELLED',
    });
  });

  it('terminates a worker that is too busy to close its store', function () {
    this.timeout(30_000);
    assert.equal(runUntilExit('spin').code, 'CANCELLED');
  });
});
