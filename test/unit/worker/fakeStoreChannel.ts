import * as path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import type { ResolvedTrackingUri } from '../../../src/core/tracking/trackingUri';
import { WorkerTrackingStore, type WorkerTrackingStoreInit } from '../../../src/core/tracking/worker/workerTrackingStore';
import type { FakeStoreCommand, FakeStoreNote } from './fixtures/fakeStoreNotes';

export const fakeStoreWorker = path.join(__dirname, 'fixtures', 'fakeStoreWorker.js');

let stores = 0;

/** A fake store in a worker, and the channel its notes arrive on. */
export function startFakeStore(init: Partial<WorkerTrackingStoreInit> = {}): { store: WorkerTrackingStore; channel: FakeStoreChannel } {
  const uri = `sqlite:////fake/${process.pid}-${++stores}.db`;
  const resolved: ResolvedTrackingUri = { kind: 'sqlite', uri, path: `/fake/${process.pid}-${stores}.db`, source: 'explicit' };
  const channel = new FakeStoreChannel(uri);
  return { store: WorkerTrackingStore.start({ workerScript: fakeStoreWorker, resolved, ...init }), channel };
}

export class FakeStoreChannel {
  private readonly channel: BroadcastChannel;
  private readonly notes: FakeStoreNote[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(name: string) {
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event) => {
      this.notes.push((event as { data: FakeStoreNote }).data);
      for (const waiter of [...this.waiters]) waiter();
    };
  }

  count(note: FakeStoreNote['note']): number {
    return this.notes.filter((n) => n.note === note).length;
  }

  /** Resolves once the store has sent `note` `times` times in all. */
  waitFor(note: FakeStoreNote['note'], times = 1): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.count(note) < times) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  send(command: FakeStoreCommand): void {
    this.channel.postMessage(command);
  }

  close(): void {
    this.channel.close();
  }
}
