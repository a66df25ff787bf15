import * as assert from 'node:assert/strict';
import { FakeMlflowServer, type RecordedRequest } from './fakeMlflowServer';
import { API, type TestStore, experimentJson, runJson, storeFor, versionJson } from './mlflowPayloads';

/** Serves `pages` one after the other, chained by page tokens "t1", "t2", ... */
function paged(key: string, pages: unknown[][]): (request: RecordedRequest) => { body: Record<string, unknown> } {
  return (request) => {
    const token = (request.body?.page_token as string | undefined) ?? request.query.get('page_token') ?? '';
    const index = token === '' ? 0 : Number(token.slice(1));
    const next = index + 1 < pages.length ? { next_page_token: `t${index + 1}` } : {};
    return { body: { [key]: pages[index], ...next } };
  };
}

describe('RestTrackingStore listings', () => {
  let server: FakeMlflowServer;
  let t: TestStore;

  beforeEach(async () => {
    server = await FakeMlflowServer.start();
    t = storeFor(server.url);
  });
  afterEach(async () => {
    t.dispose();
    await server.close();
  });

  it('follows experiment page tokens and sends the view type', async () => {
    server.route(`POST ${API}/experiments/search`, paged('experiments', [
      [experimentJson('0', { tags: [{ key: 'team', value: 'a' }] })],
      [experimentJson('1', { lifecycle_stage: 'deleted' })],
      [experimentJson('2', { creation_time: 0 })],
    ]));
    const listing = await t.store.listExperiments('all');
    assert.deepEqual(listing.items.map((e) => e.experiment_id), ['0', '1', '2']);
    assert.deepEqual(listing.items[0].tags, { team: 'a' });
    assert.equal(listing.items[1].lifecycle_stage, 'deleted');
    assert.equal(listing.items[2].creation_time, null);
    const requests = server.requestsTo(`${API}/experiments/search`);
    assert.deepEqual(requests.map((r) => r.body?.page_token), [undefined, 't1', 't2']);
    assert.ok(requests.every((r) => r.body?.view_type === 'ALL'));
  });

  it('passes filter, order_by, max_results and the page token through unchanged and returns one page', async () => {
    server.route(`POST ${API}/runs/search`, () => ({ body: { runs: [runJson({ id: 'r1', status: 'RUNNING' })], next_page_token: 'next' } }));
    const page = await t.store.searchRuns({
      experimentIds: ['1', '2'],
      filter: "metrics.loss < 0.5 and params.lr = '0.1'",
      orderBy: ['metrics.loss ASC', 'attributes.start_time DESC'],
      maxResults: 2,
      pageToken: 'abc',
      view: 'deleted',
    });
    const [request] = server.requestsTo(`${API}/runs/search`);
    assert.deepEqual(request.body, {
      experiment_ids: ['1', '2'],
      filter: "metrics.loss < 0.5 and params.lr = '0.1'",
      run_view_type: 'DELETED_ONLY',
      max_results: 2,
      order_by: ['metrics.loss ASC', 'attributes.start_time DESC'],
      page_token: 'abc',
    });
    assert.equal(page.nextPageToken, 'next');
    assert.equal(page.runs[0].info.status, 'RUNNING');
    assert.equal(page.runs[0].info.end_time, null);
    assert.deepEqual(page.runs[0].data.params, { lr: '0.1' });
    assert.deepEqual(page.runs[0].data.tags, { 'mlflow.runName': 'run-r1' });
  });

  it('searches every active experiment when none are given, whatever the run view', async () => {
    server.route(`POST ${API}/experiments/search`, () => ({ body: { experiments: [experimentJson('0'), experimentJson('7')] } }));
    server.route(`POST ${API}/runs/search`, () => ({ body: { runs: [runJson({ id: 'r1', endTime: 1700000009000 })] } }));
    const page = await t.store.searchRuns({ experimentIds: [], view: 'deleted' });
    assert.deepEqual(server.requestsTo(`${API}/runs/search`)[0].body?.experiment_ids, ['0', '7']);
    assert.equal(server.requestsTo(`${API}/runs/search`)[0].body?.run_view_type, 'DELETED_ONLY');
    assert.equal(server.requestsTo(`${API}/experiments/search`)[0].body?.view_type, 'ACTIVE_ONLY');
    assert.equal(page.runs[0].info.end_time, 1700000009000);
    assert.equal(page.nextPageToken, null);
  });

  it('reads metric history across pages, keeps NaN and infinities, and sorts by step then timestamp', async () => {
    server.route(`GET ${API}/metrics/get-history`, paged('metrics', [
      [{ key: 'loss', value: 'NaN', timestamp: 30, step: 2 }, { key: 'loss', value: 'Infinity', timestamp: 10, step: 1 }],
      [{ key: 'loss', value: '-Infinity', timestamp: 5, step: 1 }, { key: 'loss', value: 0.25, timestamp: 40 }],
    ]));
    const points = await t.store.getMetricHistory('run-1', 'loss');
    assert.deepEqual(points.map((p) => [p.step, p.timestamp]), [[0, 40], [1, 5], [1, 10], [2, 30]]);
    assert.deepEqual(points.map((p) => p.value), [0.25, -Infinity, Infinity, NaN]);
    const requests = server.requestsTo(`${API}/metrics/get-history`);
    assert.deepEqual(requests.map((r) => r.query.get('page_token')), [null, 't1']);
    assert.equal(requests[0].query.get('run_id'), 'run-1');
    assert.equal(requests[0].query.get('metric_key'), 'loss');
    assert.equal(requests[0].query.get('max_results'), '25000');
  });

  it('lists registered models with all their versions ascending, aliases and tags', async () => {
    server.route(`GET ${API}/registered-models/search`, paged('registered_models', [
      [{ name: 'alpha', creation_timestamp: 1, last_updated_timestamp: 2, tags: [{ key: 'k', value: 'v' }], aliases: [{ alias: 'champion', version: '10' }, { alias: 'old', version: '2' }] }],
      [{ name: "bob's", description: 'd' }],
    ]));
    server.route(`GET ${API}/model-versions/search`, (request) => {
      if (request.query.get('filter') === "name='alpha'") {
        return paged('model_versions', [[versionJson('alpha', '10'), versionJson('alpha', '2', { tags: [{ key: 't', value: '1' }] })], [versionJson('alpha', '1', { run_id: '' })]])(request);
      }
      return { body: { model_versions: [versionJson("bob's", '1')] } };
    });
    const listing = await t.store.listRegisteredModels();
    assert.deepEqual(listing.problems, []);
    const [alpha, bob] = listing.items;
    assert.deepEqual(alpha.versions.map((v) => v.version), ['1', '2', '10']);
    assert.deepEqual(alpha.aliases, { champion: '10', old: '2' });
    assert.deepEqual(alpha.versions.map((v) => v.aliases), [[], ['old'], ['champion']]);
    assert.deepEqual(alpha.versions[1].tags, { t: '1' });
    assert.equal(alpha.versions[0].run_id, null);
    assert.deepEqual(alpha.tags, { k: 'v' });
    assert.equal(alpha.description, null);
    assert.equal(bob.description, 'd');
    assert.deepEqual(bob.versions.map((v) => v.version), ['1']);
    const filters = server.requestsTo(`${API}/model-versions/search`).map((r) => `${r.query.get('filter')} ${r.query.get('page_token')}`);
    assert.deepEqual(filters.sort(), [`name="bob's" null`, "name='alpha' null", "name='alpha' t1"]);
  });

  it('lists logged models page by page with MLflow status names', async () => {
    const model = (id: string, status: string): Record<string, unknown> => ({
      info: { model_id: id, experiment_id: '1', name: id, artifact_uri: `a/${id}`, creation_timestamp_ms: 5, last_updated_timestamp_ms: 6, status, tags: [{ key: 't', value: '1' }] },
      data: { params: [{ key: 'p', value: 'v' }], metrics: [{ key: 'acc', value: 'NaN', timestamp: 7, step: 1, dataset_name: 'ds', dataset_digest: 'abc', run_id: 'r' }] },
    });
    server.route(`POST ${API}/logged-models/search`, paged('models', [[model('m-1', 'LOGGED_MODEL_READY')], [model('m-2', 'LOGGED_MODEL_PENDING')]]));
    const listing = await t.store.listLoggedModels(['1']);
    assert.deepEqual(listing.items.map((m) => [m.model_id, m.status]), [['m-1', 'READY'], ['m-2', 'PENDING']]);
    assert.equal(listing.items[0].artifact_location, 'a/m-1');
    assert.equal(listing.items[0].model_type, null);
    assert.deepEqual(listing.items[0].params, { p: 'v' });
    assert.ok(Number.isNaN(listing.items[0].metrics[0].value));
    assert.equal(listing.items[0].metrics[0].dataset_digest, 'abc');
    assert.deepEqual(server.requestsTo(`${API}/logged-models/search`)[1].body?.experiment_ids, ['1']);
  });

  it('derives datasets from the runs of every page (deleted runs too, as the other stores), each in its run\'s experiment', async () => {
    server.route(`POST ${API}/runs/search`, paged('runs', [
      [runJson({ id: 'r1', experimentId: '1', datasets: [{ name: 'train', digest: 'd1', context: 'training' }] })],
      [
        runJson({ id: 'r2', experimentId: '1', datasets: [{ name: 'train', digest: 'd1', context: 'validation' }, { name: 'eval', digest: 'e1' }] }),
        runJson({ id: 'r3', experimentId: '2', datasets: [{ name: 'train', digest: 'd1' }] }),
      ],
    ]));
    const listing = await t.store.listDatasets(['1', '2']);
    assert.deepEqual(
      listing.items.map((d) => [d.name, d.digest, d.experiment_id, d.runs.map((u) => `${u.run_id}:${u.context}`)]),
      [['eval', 'e1', '1', ['r2:null']], ['train', 'd1', '1', ['r1:training', 'r2:validation']], ['train', 'd1', '2', ['r3:null']]],
    );
    assert.equal(listing.items[0].source, '{"uri": "data.csv"}');
    assert.equal(listing.items[0].schema, null);
    const requests = server.requestsTo(`${API}/runs/search`);
    assert.deepEqual(requests.map((r) => [r.body?.page_token, r.body?.run_view_type]), [[undefined, 'ALL'], ['t1', 'ALL']]);
  });

  it('stops with an error when the server repeats a page token', async () => {
    server.route(`POST ${API}/experiments/search`, () => ({ body: { experiments: [experimentJson('1')], next_page_token: 'same' } }));
    await assert.rejects(t.store.listExperiments('active'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CORRUPT');
      assert.match(error.message, /repeated the page token/);
      return true;
    });
    assert.equal(server.requestsTo(`${API}/experiments/search`).length, 2);
  });
});
