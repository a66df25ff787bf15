import * as assert from 'node:assert/strict';
import { CoalescedTask } from '../../../src/core/async/coalescedTask';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const unexpected = (error: unknown) => assert.fail(`the task failed: ${String(error)}`);

describe('CoalescedTask', () => {
  it('runs once for a burst of requests', async () => {
    let runs = 0;
    const done = deferred();
    const task = new CoalescedTask(async () => {
      runs++;
      done.resolve();
    }, 5, unexpected);
    for (let i = 0; i < 10; i++) task.request();
    await done.promise;
    await task.idle();
    assert.equal(runs, 1);
  });

  it('never overlaps, and runs once more for requests made during a run', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const started = deferred();
    const gate = deferred();
    const second = deferred();
    const task = new CoalescedTask(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      if (runs === 1) {
        started.resolve();
        await gate.promise;
      }
      if (runs === 2) second.resolve();
      active--;
    }, 1, unexpected);
    task.request();
    await started.promise;
    task.request();
    task.request();
    gate.resolve();
    await second.promise;
    await task.idle();
    assert.equal(runs, 2);
    assert.equal(maxActive, 1);
  });

  it('reports failures and keeps working; nothing runs after dispose', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const failed = deferred();
    const task = new CoalescedTask(async () => {
      runs++;
      throw new Error('boom');
    }, 1, (error) => {
      errors.push(error);
      failed.resolve();
    });
    task.request();
    await failed.promise;
    assert.equal((errors[0] as Error).message, 'boom');
    await task.idle();
    task.dispose();
    task.request();
    // Timers of equal delay fire in order: once this later one has run, the disposed one would have.
    const later = deferred();
    new CoalescedTask(async () => later.resolve(), 1, unexpected).request();
    await later.promise;
    await task.idle();
    assert.equal(runs, 1);
  });
});
