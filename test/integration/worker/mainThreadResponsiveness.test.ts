import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openTrackingStore } from '../../../src/core/tracking/openTrackingStore';
import { parseTrackingUri, type ResolvedTrackingUri } from '../../../src/core/tracking/trackingUri';
import type { RunPage, RunSearch } from '../../../src/core/tracking/types';
import { WorkerTrackingStore } from '../../../src/core/tracking/worker/workerTrackingStore';
import { runPython } from '../../support/python';
import { repoRoot } from '../../support/repoRoot';
import { makeTempDir } from '../../support/tempDir';
import { bundleWorker } from './bundleWorker';

const SEED_RUNS = 20;
const COPIES = 499;
const TICK_MS = 10;

interface EventLoopFigures {
  elapsedMs: number;
  ticks: number;
  /** the longest the main thread went without running the interval timer */
  maxGapMs: number;
}

/** Runs `work` while a 10 ms interval timer measures how long the event loop is kept from it. */
async function watchEventLoop<T>(work: () => Promise<T>): Promise<{ result: T; figures: EventLoopFigures }> {
  const started = performance.now();
  let last = started;
  let ticks = 0;
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, TICK_MS);
  try {
    const result = await work();
    const ended = performance.now();
    maxGapMs = Math.max(maxGapMs, ended - last);
    return { result, figures: { elapsedMs: ended - started, ticks, maxGapMs } };
  } finally {
    clearInterval(timer);
  }
}

const ids = (page: RunPage) => page.runs.map((r) => r.info.run_id);
const ms = (value: number) => `${value.toFixed(0)} ms`;

describe('the main thread stays responsive while the worker searches a large store', function () {
  this.timeout(600_000);
  let cleanup: () => void;
  let workerScript: string;
  let resolved: ResolvedTrackingUri;

  before(async () => {
    const temp = makeTempDir('worker-large');
    cleanup = temp.cleanup;
    workerScript = await bundleWorker(temp.dir);
    const storeDir = path.join(temp.dir, 'store');
    runPython(path.join(repoRoot, 'test', 'bench', 'fixtures', 'make_bench_store.py'), ['sqlite', storeDir, String(SEED_RUNS)]);
    const db = path.join(storeDir, 'mlflow.db');
    runPython(path.join(repoRoot, 'test', 'integration', 'worker', 'fixtures', 'copy_runs.py'), [db, String(COPIES)]);
    resolved = parseTrackingUri(`sqlite:///${db}`, temp.dir);
  });

  after(() => cleanup?.());

  it('keeps timers running during a search that blocks the thread it runs on for far longer', async () => {
    const search: RunSearch = { experimentIds: [], orderBy: ['metrics.metric_0 DESC'], maxResults: 50_000 };
    const proxy = WorkerTrackingStore.start({ workerScript, resolved, options: { env: {} } });
    const direct = openTrackingStore(resolved, { env: {} });
    try {
      await proxy.listExperiments('active');
      const proxied = await watchEventLoop(() => proxy.searchRuns(search));
      const inline = await watchEventLoop(() => direct.searchRuns(search));
      const runs = SEED_RUNS * (COPIES + 1);
      assert.equal(inline.result.runs.length, runs);
      assert.deepEqual(ids(proxied.result), ids(inline.result));
      console.log(
        `      ${runs} runs: on the main thread ${ms(inline.figures.elapsedMs)} (longest gap ${ms(inline.figures.maxGapMs)}); ` +
          `through the worker ${ms(proxied.figures.elapsedMs)} (longest gap ${ms(proxied.figures.maxGapMs)}, ${proxied.figures.ticks} ticks)`,
      );
      assert.ok(inline.figures.elapsedMs > 300, `the store is too small to show anything: a direct search took ${ms(inline.figures.elapsedMs)}`);
      assert.ok(
        proxied.figures.maxGapMs < inline.figures.elapsedMs / 4,
        `the main thread was blocked for ${ms(proxied.figures.maxGapMs)} during a search that takes ${ms(inline.figures.elapsedMs)} inline`,
      );
      assert.ok(proxied.figures.ticks >= proxied.figures.elapsedMs / TICK_MS / 4, `${proxied.figures.ticks} ticks in ${ms(proxied.figures.elapsedMs)}`);
    } finally {
      proxy.close();
      direct.close();
    }
  });
});
