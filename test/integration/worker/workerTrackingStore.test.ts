import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { openTrackingStore } from '../../../src/core/tracking/openTrackingStore';
import { parseTrackingUri, type ResolvedTrackingUri } from '../../../src/core/tracking/trackingUri';
import type { RunSearch, StoreChange, TrackingStore } from '../../../src/core/tracking/types';
import { WorkerTrackingStore } from '../../../src/core/tracking/worker/workerTrackingStore';
import { runPython } from '../../support/python';
import { repoRoot } from '../../support/repoRoot';
import { makeTempDir } from '../../support/tempDir';
import { bundleWorker } from './bundleWorker';

const parityFixtures = path.join(repoRoot, 'test', 'integration', 'parity', 'fixtures');
const setTag = path.join(repoRoot, 'test', 'integration', 'worker', 'fixtures', 'set_tag.py');

async function rejection(work: Promise<unknown>): Promise<{ message: string; code?: string; tracking: boolean }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TrackingError) return { message: error.message, code: error.code, tracking: true };
    return { message: error instanceof Error ? error.message : String(error), tracking: false };
  }
  throw new Error('expected a rejection');
}

const FILE_STORE_ENV = { MLFLOW_ALLOW_FILE_STORE: 'true' };

const backends = [
  { name: 'sqlite store (mlflow.db)', uri: (dir: string) => `sqlite:///${path.join(dir, 'mlflow.db')}` },
  { name: 'file store (mlruns/)', uri: (dir: string) => `file://${path.join(dir, 'mlruns')}` },
];

for (const backend of backends) {
  describe(`WorkerTrackingStore over the bundled worker: ${backend.name} written by MLflow`, function () {
    this.timeout(300_000);
    let cleanup: () => void;
    let workerScript: string;
    let uri: string;
    let resolved: ResolvedTrackingUri;
    let direct: TrackingStore;
    let proxy: WorkerTrackingStore;

    before(async () => {
      const temp = makeTempDir('worker');
      cleanup = temp.cleanup;
      workerScript = await bundleWorker(temp.dir);
      uri = backend.uri(temp.dir);
      runPython(path.join(parityFixtures, 'write_store.py'), [uri], FILE_STORE_ENV);
      resolved = parseTrackingUri(uri, temp.dir);
      direct = openTrackingStore(resolved, { env: {} });
      proxy = WorkerTrackingStore.start({ workerScript, resolved, options: { env: {} } });
    });

    after(() => {
      proxy?.close();
      direct?.close();
      cleanup?.();
    });

    it('has the kind and URI of the store it proxies', () => {
      assert.equal(proxy.kind, direct.kind);
      assert.equal(proxy.uri, direct.uri);
    });

    it('lists the same experiments in every view', async () => {
      for (const view of ['active', 'deleted', 'all'] as const) {
        assert.deepEqual(await proxy.listExperiments(view), await direct.listExperiments(view), view);
      }
    });

    it('answers searches with filters, orderings and pages as the store does', async () => {
      const searches: RunSearch[] = [
        { experimentIds: [] },
        { experimentIds: [], view: 'all', orderBy: ['metrics.acc DESC', 'params.model ASC'] },
        { experimentIds: [], filter: "metrics.acc > 0.5 AND params.model != 'none'", orderBy: ['attributes.run_name'], maxResults: 2 },
        { experimentIds: [], filter: 'metrics.inf_metric > 100', orderBy: ['metrics.nan_metric DESC'] },
      ];
      for (const search of searches) {
        let pageToken: string | undefined;
        let pages = 0;
        do {
          const want = await direct.searchRuns({ ...search, pageToken });
          assert.deepEqual(await proxy.searchRuns({ ...search, pageToken }), want, JSON.stringify(search));
          assert.ok(want.runs.length > 0, `no runs for ${JSON.stringify(search)}`);
          pageToken = want.nextPageToken ?? undefined;
          pages++;
        } while (pageToken);
        if (search.maxResults === 2) assert.ok(pages > 1, 'the paged search has more than one page');
      }
    });

    it('reads every run and every metric history as the store does', async () => {
      const experiments = await direct.listExperiments('all');
      const { runs } = await direct.searchRuns({ experimentIds: experiments.items.map((e) => e.experiment_id), view: 'all' });
      let histories = 0;
      for (const run of runs) {
        assert.deepEqual(await proxy.getRun(run.info.run_id), await direct.getRun(run.info.run_id));
        for (const key of Object.keys(run.data.metrics)) {
          assert.deepEqual(await proxy.getMetricHistory(run.info.run_id, key), await direct.getMetricHistory(run.info.run_id, key));
          histories++;
        }
      }
      assert.ok(runs.length >= 9 && histories >= 20, `${runs.length} runs, ${histories} histories`);
    });

    it('lists the same registered models, logged models and datasets', async () => {
      const models = await direct.listRegisteredModels();
      assert.ok(models.items.length > 0);
      assert.deepEqual(await proxy.listRegisteredModels(), models);
      const logged = await direct.listLoggedModels([]);
      assert.ok(logged.items.length > 0);
      assert.deepEqual(await proxy.listLoggedModels([]), logged);
      const datasets = await direct.listDatasets([]);
      assert.ok(datasets.items.length > 0);
      assert.deepEqual(await proxy.listDatasets([]), datasets);
    });

    it('fails the same way: a bad filter, an unknown run', async () => {
      const badFilter: RunSearch = { experimentIds: [], filter: 'metrics.acc >' };
      const want = await rejection(direct.searchRuns(badFilter));
      assert.equal(want.code, 'INVALID_ARGUMENT');
      assert.deepEqual(await rejection(proxy.searchRuns(badFilter)), want);
      assert.deepEqual(await rejection(proxy.getRun('0123456789abcdef')), await rejection(direct.getRun('0123456789abcdef')));
    });

    it('forwards the changes MLflow makes while watching', async () => {
      const { runs } = await direct.searchRuns({ experimentIds: [] });
      const changed = new Promise<StoreChange>((resolve) => {
        const watcher = proxy.watch((change) => {
          watcher.dispose();
          resolve(change);
        });
      });
      // A round trip, so the worker has subscribed before MLflow writes.
      await proxy.listExperiments('active');
      runPython(setTag, [uri, runs[0].info.run_id, 'seen', 'yes'], FILE_STORE_ENV);
      assert.ok((await changed).kinds.includes('runs'));
      assert.equal((await proxy.getRun(runs[0].info.run_id)).data.tags.seen, 'yes');
    });
  });
}
