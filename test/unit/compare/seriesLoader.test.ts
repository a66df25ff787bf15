import * as assert from 'node:assert/strict';
import type { MetricPoint } from '../../../src/core/tracking/types';
import { SeriesLoader } from '../../../src/features/compare/seriesLoader';
import { decodeSeries } from '../../../src/features/compare/seriesEncoding';
import { history } from './fakeCompare';

/** History reads that finish only when the test says so, to observe ordering and concurrency. */
class ControlledReads {
  readonly started: string[] = [];
  private readonly waiting = new Map<string, (points: MetricPoint[]) => void>();
  running = 0;
  maxRunning = 0;

  read = (runId: string, key: string): Promise<MetricPoint[]> => {
    const id = `${runId}/${key}`;
    this.started.push(id);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise((resolve) => this.waiting.set(id, (points) => {
      this.running--;
      resolve(points);
    }));
  };

  async finish(id: string, points: MetricPoint[] = history(10)): Promise<void> {
    const resolve = this.waiting.get(id);
    assert.ok(resolve, `${id} was not started`);
    this.waiting.delete(id);
    resolve(points);
    await new Promise((r) => setImmediate(r));
  }
}

describe('compare series loader', () => {
  it('reads at most `concurrency` histories at once, the ones the app waits for first', async () => {
    const reads = new ControlledReads();
    const loader = new SeriesLoader({ readHistory: reads.read, pointBudget: 100, concurrency: 2, cacheBytes: 1e6 });
    for (const run of ['a', 'b', 'c']) void loader.get(run, 'speculative', false);
    const wanted = loader.get('d', 'shown', true);
    assert.deepEqual(reads.started, ['a/speculative', 'b/speculative']);
    await reads.finish('a/speculative');
    assert.deepEqual(reads.started.slice(2), ['d/shown'], 'the urgent read goes before the queued speculative one');
    await reads.finish('d/shown', history(1000));
    const loaded = await wanted;
    assert.equal(loaded.series.totalPoints, 1000);
    assert.ok(decodeSeries(loaded.series).length <= 100);
    assert.equal(reads.maxRunning, 2);
    loader.dispose();
  });

  it('drops queued speculative reads the app does not want, and shares a read between callers', async () => {
    const reads = new ControlledReads();
    const loader = new SeriesLoader({ readHistory: reads.read, pointBudget: 100, concurrency: 1, cacheBytes: 1e6 });
    void loader.get('a', 'x', false);
    const dropped = loader.get('b', 'y', false);
    const kept = loader.get('c', 'x', false);
    loader.dropSpeculative((_run, key) => key === 'x');
    await assert.rejects(dropped, { name: 'AbortError' });
    const first = loader.get('a', 'x', true);
    await reads.finish('a/x');
    await reads.finish('c/x');
    await kept;
    assert.equal(await first, await loader.get('a', 'x', true), 'served from the cache');
    assert.deepEqual(reads.started, ['a/x', 'c/x']);
    loader.dispose();
  });

  it('reads a history again on reload, and keeps only recent series within the cache size', async () => {
    let reads = 0;
    const loader = new SeriesLoader({ readHistory: async () => (reads++, history(100)), pointBudget: 100, concurrency: 4, cacheBytes: 6000 });
    const a = await loader.get('a', 'k', true);
    await loader.reload('a', 'k');
    assert.equal(reads, 2);
    assert.ok(a.bytes > 2000 && a.bytes < 6000, `a series of 100 points is ${a.bytes} bytes`);
    await loader.get('b', 'k', true);
    await loader.get('c', 'k', true);
    assert.equal(loader.cached('a', 'k'), undefined, 'the oldest series was evicted');
    assert.ok(loader.cached('c', 'k'));
    loader.dispose();
  });

  it('sends whole histories when asked to (the bench), without keeping them', async () => {
    const loader = new SeriesLoader({ readHistory: async () => history(5000), pointBudget: undefined, concurrency: 4, cacheBytes: 1e9 });
    const loaded = await loader.get('a', 'k', true);
    assert.equal(decodeSeries(loaded.series).length, 5000);
    assert.equal(loader.cached('a', 'k'), undefined);
    loader.dispose();
  });
});
