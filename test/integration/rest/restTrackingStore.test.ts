// The REST store against a real `mlflow server`, compared with what MLflow's Python client
// reads from the same server (fixtures/dump_server_view.py, in our shapes).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { toMlflowJson } from '../../../src/core/tracking/mlflowJson';
import { RestTrackingStore } from '../../../src/core/tracking/rest';
import type { RunSearch, StoreChange } from '../../../src/core/tracking/types';
import { repoRoot, runPython } from '../../support/python';
import { type RunningMlflowServer, startMlflowServer } from './mlflowServer';

const fixture = (name: string): string => path.join(repoRoot, 'test', 'integration', 'rest', 'fixtures', name);

interface Populated {
  experiments: Record<'alpha' | 'beta' | 'gone', string>;
  runs: Record<string, string>;
  loggedModels: Record<'ready' | 'pending', string>;
}

interface SearchSpec extends RunSearch {
  allPages?: boolean;
}

/** Our result in the form the Python dump has: JSON with non-finite numbers as strings. */
function asJson(value: unknown): unknown {
  return JSON.parse(toMlflowJson(value));
}

describe('RestTrackingStore against a real MLflow server', function () {
  this.timeout(240_000);
  let server: RunningMlflowServer;
  let ids: Populated;
  let searches: SearchSpec[];
  let plan: { runIds: string[]; histories: [string, string][]; loggedModelExperimentIds: string[]; datasetExperimentIds: string[][] };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dump is compared as plain JSON
  let python: any;
  let store: RestTrackingStore;
  let watching: RestTrackingStore | undefined;

  before(async function () {
    const started = Date.now();
    server = await startMlflowServer();
    const serverUp = Date.now();
    const idsPath = path.join(server.dir, 'ids.json');
    runPython(fixture('populate_server.py'), [server.uri, idsPath]);
    ids = JSON.parse(fs.readFileSync(idsPath, 'utf8')) as Populated;
    const { alpha, beta } = ids.experiments;
    searches = [
      { experimentIds: [alpha] },
      { experimentIds: [alpha], filter: "metrics.acc > 0.5 and params.depth = '3'", orderBy: ['metrics.acc DESC'] },
      { experimentIds: [alpha], maxResults: 2, orderBy: ['attributes.start_time ASC'], allPages: true },
      { experimentIds: [alpha, beta], view: 'all', orderBy: ['attributes.run_name ASC'] },
      { experimentIds: [alpha], view: 'deleted' },
      { experimentIds: [alpha], filter: "attributes.status = 'RUNNING'" },
      { experimentIds: ['0', alpha, beta] },
    ];
    plan = {
      runIds: Object.values(ids.runs),
      histories: [[ids.runs['alpha-0'], 'loss'], [ids.runs['alpha-2'], 'curve'], [ids.runs['alpha-1'], 'acc'], [ids.runs['alpha-1'], 'missing']],
      loggedModelExperimentIds: [alpha, beta],
      datasetExperimentIds: [[alpha, beta], []],
    };
    const planPath = path.join(server.dir, 'plan.json');
    fs.writeFileSync(planPath, JSON.stringify({ ...plan, searches }));
    const viewPath = path.join(server.dir, 'view.json');
    runPython(fixture('dump_server_view.py'), [server.uri, planPath, viewPath]);
    python = JSON.parse(fs.readFileSync(viewPath, 'utf8'));
    store = new RestTrackingStore(server.uri, { env: { HOME: server.dir }, homeDir: server.dir });
    console.log(`      (server up in ${((serverUp - started) / 1000).toFixed(1)} s, populated and dumped in ${((Date.now() - serverUp) / 1000).toFixed(1)} s)`);
  });

  after(async () => {
    watching?.close();
    store?.close();
    await server?.stop();
  });

  it('lists the experiments of each view as MLflow does', async () => {
    for (const view of ['active', 'deleted', 'all'] as const) {
      const listing = await store.listExperiments(view);
      assert.deepEqual(listing.problems, []);
      assert.deepEqual(asJson(listing.items), python.experiments[view], view);
    }
    assert.deepEqual((await store.listExperiments('deleted')).items.map((e) => e.name), ['gone']);
  });

  it('searches runs with filters, order_by, views and max_results paging as MLflow does', async () => {
    for (const [index, spec] of searches.entries()) {
      const pages: unknown[] = [];
      let pageToken: string | undefined;
      // The last search asks for every active experiment: ours by leaving the ids out.
      const search: RunSearch = index === searches.length - 1 ? { ...spec, experimentIds: [] } : spec;
      do {
        const page = await store.searchRuns({ ...search, pageToken });
        assert.deepEqual(page.problems, []);
        pages.push({ runs: page.runs, nextPageToken: page.nextPageToken });
        pageToken = page.nextPageToken ?? undefined;
      } while (spec.allPages && pageToken !== undefined);
      assert.deepEqual(asJson(pages), python.searches[index], `search ${JSON.stringify(spec)}`);
    }
    assert.equal(python.searches[2].length, 3, 'five runs in pages of two');
    assert.deepEqual(python.searches[5][0].runs.map((r: { info: { end_time: unknown } }) => r.info.end_time), [null]);
  });

  it('reads each run as MLflow does', async () => {
    for (const [index, runId] of plan.runIds.entries()) {
      assert.deepEqual(asJson(await store.getRun(runId)), python.runs[index], runId);
    }
    const withOutput = await store.getRun(ids.runs['alpha-2']);
    assert.deepEqual(withOutput.outputs.model_outputs, [{ model_id: ids.loggedModels.ready, step: 4 }]);
  });

  it('reads metric histories beyond one page, with NaN and infinities, as MLflow does', async () => {
    for (const [index, [runId, key]] of plan.histories.entries()) {
      assert.deepEqual(asJson(await store.getMetricHistory(runId, key)), python.histories[index], key);
    }
    const curve = await store.getMetricHistory(ids.runs['alpha-2'], 'curve');
    assert.equal(curve.length, 25_500);
    const loss = await store.getMetricHistory(ids.runs['alpha-0'], 'loss');
    assert.ok(Number.isNaN(loss[0].value));
    // A sqlite-backed server stores ±inf as ±DBL_MAX and answers with that number; we show the infinity logged.
    assert.deepEqual(loss.slice(1, 3).map((p) => p.value), [Infinity, -Infinity]);
  });

  it('lists registered models with versions, stages, aliases and tags as MLflow does', async () => {
    const listing = await store.listRegisteredModels();
    assert.deepEqual(listing.problems, []);
    assert.deepEqual(asJson(listing.items), python.registeredModels);
    const clf = listing.items.find((m) => m.name === 'clf');
    assert.deepEqual(clf?.aliases, { champion: '2', challenger: '3', backup: '2' });
    assert.deepEqual(clf?.versions.map((v) => [v.version, v.current_stage, v.aliases]), [
      ['1', 'Archived', []],
      ['2', 'Production', ['backup', 'champion']],
      ['3', 'None', ['challenger']],
    ]);
    assert.deepEqual(listing.items.find((m) => m.name === "bob's model")?.versions.map((v) => v.version).slice(-3), ['9', '10', '11']);
  });

  it('lists logged models as MLflow does', async () => {
    const listing = await store.listLoggedModels(plan.loggedModelExperimentIds);
    assert.deepEqual(listing.problems, []);
    assert.deepEqual(asJson(listing.items), python.loggedModels);
    assert.deepEqual(listing.items.map((m) => m.status).sort(), ['PENDING', 'READY']);
  });

  it('derives datasets from the runs\' inputs as the Python client sees them', async () => {
    for (const [index, experimentIds] of plan.datasetExperimentIds.entries()) {
      const listing = await store.listDatasets(experimentIds);
      assert.deepEqual(listing.problems, []);
      assert.deepEqual(asJson(listing.items), python.datasets[index]);
    }
    const train = (await store.listDatasets([ids.experiments.alpha])).items.find((d) => d.name === 'train');
    assert.deepEqual(train?.runs.map((r) => r.context), ['training', 'training']);
  });

  it('reports MLflow\'s errors: unknown run, rejected filter', async () => {
    await assert.rejects(store.getRun('0123456789abcdef'), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.code, 'NOT_FOUND');
      assert.equal(error.reason, 'Run with id=0123456789abcdef not found');
      return true;
    });
    await assert.rejects(store.searchRuns({ experimentIds: [ids.experiments.alpha], filter: 'metrics.acc >' }), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.code, 'INVALID_ARGUMENT');
      return true;
    });
  });

  it('notices a run logged while watching', async () => {
    const errors: TrackingError[] = [];
    const changes: StoreChange[] = [];
    let notify: () => void = () => undefined;
    watching = new RestTrackingStore(server.uri, { env: { HOME: server.dir }, homeDir: server.dir, onWatchError: (e) => errors.push(e) });
    const watcher = watching.watch((change) => {
      changes.push(change);
      notify();
    }, { pollIntervalMs: 50 });
    // Two finished polls: the first one's picture is the baseline by then.
    await server.waitForLogLines(/GET \/api\/2\.0\/mlflow\/registered-models\/search/, 2);
    // MLflow prints its own lines ("View run ...") to stdout too.
    const runId = /^[0-9a-f]{32}$/m.exec(runPython(fixture('log_new_run.py'), [server.uri, ids.experiments.beta]))?.[0];
    assert.ok(runId, 'log_new_run.py printed no run id');
    await new Promise<void>((resolve) => {
      notify = () => changes.some((c) => c.runIds?.includes(runId)) && resolve();
      notify();
    });
    watcher.dispose();
    assert.deepEqual(errors, []);
    assert.ok(changes.some((c) => c.kinds.includes('runs')));
  });
});
