import * as assert from 'node:assert/strict';
import { TrackingError, type TrackingErrorCode } from '../../../src/core/tracking/errors';
import { FakeMlflowServer, mlflowError } from './fakeMlflowServer';
import { API, type TestStore, experimentJson, runJson, storeFor, versionJson } from './mlflowPayloads';

function rejectsWith(promise: Promise<unknown>, code: TrackingErrorCode, reason: RegExp | string, uri: string): Promise<void> {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TrackingError, `not a TrackingError: ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof reason === 'string') assert.equal(error.reason, reason);
    else assert.match(error.reason, reason);
    assert.equal(error.uri, uri);
    assert.ok(error.message.startsWith(`${uri}: `));
    return true;
  });
}

describe('RestTrackingStore errors', () => {
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

  it('says what to set on 401', async () => {
    server.route(`GET ${API}/runs/get`, () => ({ status: 401, body: 'You are not authenticated.' }));
    await rejectsWith(t.store.getRun('r1'), 'UNAUTHENTICATED', '401 Unauthorized: check MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN', server.url);
  });

  it('reports 403 with the server\'s reason', async () => {
    server.route(`GET ${API}/runs/get`, () => mlflowError(403, 'PERMISSION_DENIED', 'Permission denied for experiment 4'));
    await rejectsWith(t.store.getRun('r1'), 'PERMISSION_DENIED', /^403 Forbidden: .*runs\/get.*Permission denied for experiment 4/, server.url);
  });

  it('reports an unknown run as NOT_FOUND with MLflow\'s message', async () => {
    server.route(`GET ${API}/runs/get`, () => mlflowError(404, 'RESOURCE_DOES_NOT_EXIST', 'Run with id=nope not found'));
    await rejectsWith(t.store.getRun('nope'), 'NOT_FOUND', 'Run with id=nope not found', server.url);
  });

  it('reports an endpoint the server lacks', async () => {
    await rejectsWith(t.store.listLoggedModels(['1']), 'NOT_FOUND', /^404 Not Found: POST \/api\/2\.0\/mlflow\/logged-models\/search does not exist/, server.url);
  });

  it('reports a 500 with the server\'s message', async () => {
    server.route(`POST ${API}/experiments/search`, () => mlflowError(500, 'INTERNAL_ERROR', 'database is locked'));
    await rejectsWith(t.store.listExperiments('active'), 'UNAVAILABLE', /^500 Internal Server Error from POST \/api\/2\.0\/mlflow\/experiments\/search: database is locked$/, server.url);
  });

  it('passes a rejected filter on as INVALID_ARGUMENT', async () => {
    server.route(`POST ${API}/runs/search`, () => mlflowError(400, 'INVALID_PARAMETER_VALUE', "Invalid clause(s) in filter string: 'metrics.x <'"));
    await rejectsWith(t.store.searchRuns({ experimentIds: ['1'], filter: 'metrics.x <' }), 'INVALID_ARGUMENT', "Invalid clause(s) in filter string: 'metrics.x <'", server.url);
  });

  it('reports a refused connection', async () => {
    const closed = await FakeMlflowServer.start();
    const url = closed.url;
    await closed.close();
    const down = storeFor(url);
    try {
      await rejectsWith(down.store.listExperiments('active'), 'UNAVAILABLE', 'cannot connect to the tracking server: ECONNREFUSED', url);
    } finally {
      down.dispose();
    }
  });

  it('reports an answer that is not JSON', async () => {
    server.route(`POST ${API}/experiments/search`, () => ({ body: '<html><body>Please log in</body></html>' }));
    await rejectsWith(t.store.listExperiments('active'), 'CORRUPT', /is not MLflow JSON: Please log in$/, server.url);
  });

  it('returns the other runs of a page when one cannot be read', async () => {
    const broken = runJson({ id: 'bad', metrics: { loss: 'lots' } });
    const noStatus = runJson({ id: 'bad2', status: 'EXPLODED' });
    server.route(`POST ${API}/runs/search`, () => ({ body: { runs: [runJson({ id: 'ok1' }), broken, 42, noStatus, runJson({ id: 'ok2' })] } }));
    const page = await t.store.searchRuns({ experimentIds: ['1'] });
    assert.deepEqual(page.runs.map((r) => r.info.run_id), ['ok1', 'ok2']);
    assert.deepEqual(page.problems.map((p) => p.item), ['run bad', 'run #3 of a page', 'run bad2']);
    assert.match(page.problems[0].message, /"value" is not a number: "lots"/);
    assert.match(page.problems[2].message, /unknown run status "EXPLODED"/);
  });

  it('returns a registered model whose versions cannot be read, with a problem', async () => {
    server.route(`GET ${API}/registered-models/search`, () => ({ body: { registered_models: [{ name: 'good' }, { name: 'bad' }] } }));
    server.route(`GET ${API}/model-versions/search`, (request) =>
      request.query.get('filter') === "name='bad'"
        ? mlflowError(500, 'INTERNAL_ERROR', 'boom')
        : { body: { model_versions: [versionJson('good', '1')] } },
    );
    const listing = await t.store.listRegisteredModels();
    assert.deepEqual(listing.items.map((m) => [m.name, m.versions.length]), [['good', 1], ['bad', 0]]);
    assert.equal(listing.problems.length, 1);
    assert.equal(listing.problems[0].item, 'registered model bad');
    assert.match(listing.problems[0].message, /versions cannot be read: .*500 .*boom/);
  });

  it('reports a run whose JSON cannot be read', async () => {
    server.route(`GET ${API}/runs/get`, () => ({ body: { run: { info: { run_id: 'r1', experiment_id: '1', status: 'FINISHED', start_time: 'soon' } } } }));
    await rejectsWith(t.store.getRun('r1'), 'CORRUPT', /^run r1 cannot be read: "start_time" is not an integer/, server.url);
  });

  it('rejects bad settings at construction, naming the variable', () => {
    assert.throws(() => storeFor(server.url, { MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon' }), /MLFLOW_HTTP_REQUEST_TIMEOUT must be a number/);
    assert.throws(() => storeFor(server.url, { MLFLOW_TRACKING_INSECURE_TLS: 'yes' }), /MLFLOW_TRACKING_INSECURE_TLS must be one of/);
    assert.throws(() => storeFor(server.url, { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '11' }), /from 0 to 10/);
    assert.throws(() => storeFor('ftp://host'), /starts with http:\/\/ or https:\/\//);
  });

  it('lists the experiments that can be read when one cannot', async () => {
    server.route(`POST ${API}/experiments/search`, () => ({ body: { experiments: [experimentJson('1'), { experiment_id: '2', lifecycle_stage: 'gone' }] } }));
    const listing = await t.store.listExperiments('all');
    assert.deepEqual(listing.items.map((e) => e.experiment_id), ['1']);
    assert.deepEqual(listing.problems, [{ item: 'experiment 2', message: 'unknown lifecycle_stage "gone"' }]);
  });
});
