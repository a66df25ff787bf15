// The file store gives exactly MLflow's answers on a store MLflow itself wrote: the fixture
// script writes it with MLflow's client and prints what MLflow reads back, in our shapes.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileTrackingStore } from '../../../src/core/tracking/file/fileTrackingStore';
import { toMlflowJson } from '../../../src/core/tracking/mlflowJson';
import type { ViewType } from '../../../src/core/tracking/types';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';

interface MlflowView {
  experiments: Record<ViewType, unknown[]>;
  runs: Array<{ info: { run_id: string }; inputs: { dataset_inputs: unknown[] } }>;
  searches: Record<string, string[]>;
  histories: Record<string, Record<string, unknown[]>>;
  registeredModels: unknown[];
  loggedModels: Array<{ metrics: unknown[] }>;
  datasetSummaries: Array<{ experiment_id: string; name: string; digest: string; context: string | null }>;
}

/** Our values as MLflow's JSON carries them (non-finite numbers as strings). */
function asMlflowJson(value: unknown): unknown {
  return JSON.parse(toMlflowJson(value));
}

/** Lists MLflow returns in directory order, compared as sets. */
function sortedByJson<T>(items: T[]): T[] {
  return [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

describe('file store parity with MLflow', function () {
  let expected: MlflowView;
  let store: FileTrackingStore;
  let cleanup: () => void;

  before(function () {
    this.timeout(300_000);
    const temp = makeTempDir('file-parity');
    cleanup = temp.cleanup;
    const root = path.join(temp.dir, 'mlruns');
    const script = path.join(repoRoot, 'test', 'integration', 'file', 'fixtures', 'write_rich_store.py');
    expected = JSON.parse(runPython(script, [root])) as MlflowView;
    store = new FileTrackingStore(root, pathToFileURL(root).href);
  });
  after(() => {
    store?.close();
    cleanup?.();
  });

  for (const view of ['active', 'deleted', 'all'] as const) {
    it(`lists the ${view} experiments as search_experiments does`, async () => {
      const listing = await store.listExperiments(view);
      assert.deepEqual(listing.problems, []);
      assert.deepEqual(asMlflowJson(listing.items), expected.experiments[view]);
    });
  }

  it('reads every run as get_run does', async () => {
    assert.ok(expected.runs.length >= 6);
    for (const run of expected.runs) {
      const ours = asMlflowJson(await store.getRun(run.info.run_id)) as MlflowView['runs'][number];
      ours.inputs.dataset_inputs = sortedByJson(ours.inputs.dataset_inputs);
      assert.deepEqual(ours, { ...run, inputs: { dataset_inputs: sortedByJson(run.inputs.dataset_inputs) } });
    }
  });

  it('finds the runs search_runs finds, in its order, for each experiment and view', async () => {
    for (const [key, runIds] of Object.entries(expected.searches)) {
      const [experimentId, view] = key.split('/') as [string, ViewType];
      const page = await store.searchRuns({ experimentIds: [experimentId], view });
      assert.deepEqual(page.problems, []);
      assert.deepEqual(page.runs.map((r) => r.info.run_id), runIds, key);
    }
  });

  it('returns every metric history as get_metric_history does', async () => {
    let count = 0;
    for (const [runId, byKey] of Object.entries(expected.histories)) {
      for (const [key, points] of Object.entries(byKey)) {
        assert.deepEqual(asMlflowJson(await store.getMetricHistory(runId, key)), points, `${runId} ${key}`);
        count++;
      }
    }
    assert.ok(count >= 8);
  });

  it('lists registered models with their live versions as the registry does', async () => {
    const listing = await store.listRegisteredModels();
    assert.deepEqual(listing.problems, []);
    assert.deepEqual(asMlflowJson(listing.items), expected.registeredModels);
  });

  it('lists logged models as search_logged_models does', async () => {
    const listing = await store.listLoggedModels([]);
    assert.deepEqual(listing.problems, []);
    const ours = asMlflowJson(listing.items) as MlflowView['loggedModels'];
    assert.equal(ours.length, expected.loggedModels.length);
    assert.deepEqual(
      ours.map((m) => ({ ...m, metrics: sortedByJson(m.metrics) })),
      expected.loggedModels.map((m) => ({ ...m, metrics: sortedByJson(m.metrics) })),
    );
  });

  it('lists the datasets and contexts MLflow summarises', async () => {
    const listing = await store.listDatasets([]);
    assert.deepEqual(listing.problems, []);
    const ours = listing.items.flatMap((d) =>
      d.runs.map((use) => ({ experiment_id: d.experiment_id, name: d.name, digest: d.digest, context: use.context })),
    );
    const unique = [...new Map(ours.map((s) => [JSON.stringify(s), s])).values()];
    assert.deepEqual(sortedByJson(unique), sortedByJson(expected.datasetSummaries));
  });

  // Last: it changes the store the other tests compare.
  it('notices a metric MLflow logs into a run and a run it creates, and then reads them', async function () {
    this.timeout(120_000);
    const [experiment] = (await store.listExperiments('active')).items.filter((e) => e.name === 'exp-a');
    const runId = expected.runs.find((r) => (r as { info: { run_name?: string } }).info.run_name === 'rich')?.info.run_id ?? '';
    const seen = new Set<string>();
    const created: { runId?: string } = {};
    let bothSeen: () => void = () => undefined;
    const noticed = new Promise<void>((resolve) => (bothSeen = resolve));
    const check = () => {
      if (created.runId && seen.has(runId) && seen.has(created.runId)) bothSeen();
    };
    const handle = store.watch((change) => {
      change.runIds?.forEach((id) => seen.add(id));
      check();
    });
    await handle.ready;
    const script = path.join(repoRoot, 'test', 'integration', 'file', 'fixtures', 'log_into_store.py');
    // runPython blocks the event loop: the notifications queued meanwhile arrive afterwards.
    const newRunId = runPython(script, [store.root, experiment.experiment_id, runId]).trim();
    created.runId = newRunId;
    check();
    await noticed;
    handle.dispose();
    assert.equal((await store.getRun(runId)).data.metrics.watched, 1);
    assert.equal((await store.getRun(newRunId)).info.run_name, 'watched-new');
  });
});
