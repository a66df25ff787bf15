import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { toMlflowJson } from '../../../src/core/tracking/mlflowJson';
import { openTrackingStore } from '../../../src/core/tracking/openTrackingStore';
import { parseTrackingUri } from '../../../src/core/tracking/trackingUri';
import type { TrackingStore, ViewType } from '../../../src/core/tracking/types';
import { type MlflowServer, startMlflowServer } from '../../support/mlflowServer';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';
import { normalize } from './normalize';
import { parityQueries } from './queries';

const fixtures = path.join(repoRoot, 'test', 'integration', 'parity', 'fixtures');
const FILE_STORE_ENV = { MLFLOW_ALLOW_FILE_STORE: 'true' };

interface Expected {
  experiments: Record<ViewType, unknown[]>;
  runs: Record<string, unknown>;
  histories: Record<string, Record<string, unknown[]>>;
  searches: ({ pages: string[][] } | { error: string })[];
  models: unknown[];
  logged_models: unknown[];
  datasets: unknown[];
}

interface Backend {
  name: string;
  /** writes the data set with MLflow and returns the tracking URI to read */
  prepare(dir: string): Promise<string>;
}

let server: MlflowServer | undefined;

const backends: Backend[] = [
  {
    name: 'sqlite store (mlflow.db)',
    prepare: async (dir) => `sqlite:///${path.join(dir, 'mlflow.db')}`,
  },
  {
    name: 'file store (mlruns/)',
    prepare: async (dir) => `file://${path.join(dir, 'mlruns')}`,
  },
  {
    name: 'tracking server (REST)',
    prepare: async (dir) => {
      server = await startMlflowServer(dir);
      return server.url;
    },
  },
];

for (const backend of backends) {
  describe(`same answers as MLflow: ${backend.name}`, function () {
    this.timeout(180_000);
    let store: TrackingStore;
    let expected: Expected;
    let cleanup: () => void;

    before(async () => {
      const temp = makeTempDir('parity');
      cleanup = temp.cleanup;
      const uri = await backend.prepare(temp.dir);
      runPython(path.join(fixtures, 'write_store.py'), [uri], FILE_STORE_ENV);
      const queriesFile = path.join(temp.dir, 'queries.json');
      fs.writeFileSync(queriesFile, JSON.stringify(parityQueries));
      expected = JSON.parse(runPython(path.join(fixtures, 'dump_expected.py'), [uri, queriesFile], FILE_STORE_ENV));
      store = openTrackingStore(parseTrackingUri(uri, temp.dir), { env: {} });
    });

    after(async () => {
      store?.close();
      await server?.stop();
      server = undefined;
      cleanup?.();
    });

    const ours = (value: unknown) => normalize(JSON.parse(toMlflowJson(value)));

    for (const view of ['active', 'deleted', 'all'] as const) {
      it(`lists ${view} experiments with their tags`, async () => {
        const listing = await store.listExperiments(view);
        assert.deepEqual(listing.problems, []);
        assert.deepEqual(ours(listing.items), normalize(expected.experiments[view]));
      });
    }

    it('reads every run (params, latest metrics, tags, inputs, outputs) as get_run does', async () => {
      assert.ok(Object.keys(expected.runs).length >= 9);
      for (const [runId, run] of Object.entries(expected.runs)) {
        assert.deepEqual(ours(await store.getRun(runId)), normalize(run), `run ${runId}`);
      }
    });

    it('reads every metric history, sorted by step then timestamp', async () => {
      let points = 0;
      for (const [runId, keys] of Object.entries(expected.histories)) {
        for (const [key, history] of Object.entries(keys)) {
          assert.deepEqual(ours(await store.getMetricHistory(runId, key)), history, `${runId} ${key}`);
          points += history.length;
        }
      }
      assert.ok(points > 300, `only ${points} points compared`);
    });

    parityQueries.forEach((query, i) => {
      it(`searches runs like search_runs: ${JSON.stringify(query)}`, async () => {
        const want = expected.searches[i];
        const { items } = await store.listExperiments('active');
        const search = { experimentIds: items.map((e) => e.experiment_id), filter: query.filter, orderBy: query.orderBy, view: query.view };
        if ('error' in want) {
          await assert.rejects(store.searchRuns({ ...search, maxResults: query.maxResults ?? 1000 }), (e: unknown) => {
            return e instanceof TrackingError && e.code === 'INVALID_ARGUMENT';
          }, `MLflow rejected it: ${want.error}`);
          return;
        }
        const pages: string[][] = [];
        let pageToken: string | undefined;
        do {
          const page = await store.searchRuns({ ...search, maxResults: query.maxResults ?? 1000, pageToken });
          pages.push(page.runs.map((r) => r.info.run_id));
          pageToken = page.nextPageToken ?? undefined;
        } while (pageToken && pages.length < 20);
        assert.deepEqual(pages, want.pages);
      });
    });

    it('searches every active experiment when none is named, in each view', async () => {
      const { items } = await store.listExperiments('active');
      for (const view of ['active', 'deleted', 'all'] as const) {
        const named = await store.searchRuns({ experimentIds: items.map((e) => e.experiment_id), view });
        const unnamed = await store.searchRuns({ experimentIds: [], view });
        assert.deepEqual(unnamed.runs.map((r) => r.info.run_id), named.runs.map((r) => r.info.run_id), view);
      }
    });

    it('lists registered models with versions, stages, aliases and tags (deleted versions hidden)', async () => {
      const listing = await store.listRegisteredModels();
      assert.deepEqual(listing.problems, []);
      const models = ours(listing.items) as { versions: { model_id?: unknown }[] }[];
      for (const model of models) for (const version of model.versions) delete version.model_id;
      assert.deepEqual(models, normalize(expected.models));
    });

    it('lists MLflow 3 logged models with params, tags and metrics', async () => {
      const { items } = await store.listExperiments('active');
      const listing = await store.listLoggedModels(items.map((e) => e.experiment_id));
      assert.deepEqual(ours(listing.items), normalize(expected.logged_models));
    });

    it('lists datasets with the runs that used each', async () => {
      const listing = await store.listDatasets([]);
      assert.deepEqual(ours(listing.items), normalize(expected.datasets));
    });
  });
}
