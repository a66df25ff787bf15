import * as assert from 'node:assert/strict';
import { TrackingError, type TrackingErrorCode } from '../../../src/core/tracking/errors';
import { FileTrackingStore } from '../../../src/core/tracking/file/fileTrackingStore';
import { SqliteTrackingStore } from '../../../src/core/tracking/sqlite/sqliteTrackingStore';
import type { RegistryWrites, TrackingStore } from '../../../src/core/tracking/types';
import { FakeMlflowServer, gate, mlflowError } from './fakeMlflowServer';
import { API, type TestStore, storeFor } from './mlflowPayloads';

const ALIAS = `${API}/registered-models/alias`;

function rejectsWith(promise: Promise<unknown>, code: TrackingErrorCode, reason: RegExp): Promise<void> {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TrackingError, `not a TrackingError: ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.reason, reason);
    return true;
  });
}

describe('RestTrackingStore registry writes (aliases)', () => {
  let server: FakeMlflowServer;
  let t: TestStore;
  let writes: RegistryWrites;

  beforeEach(async () => {
    server = await FakeMlflowServer.start({
      [`POST ${ALIAS}`]: () => ({ body: {} }),
      [`DELETE ${ALIAS}`]: () => ({ body: {} }),
    });
    t = storeFor(server.url, { MLFLOW_TRACKING_TOKEN: 'tok' });
    assert.ok(t.store.registryWrites);
    writes = t.store.registryWrites;
  });
  afterEach(async () => {
    t.dispose();
    await server.close();
  });

  it('sets an alias with a POST of name, alias and version as JSON', async () => {
    await writes.setModelAlias('iris classifier', 'champion', '3');
    const [request] = server.requestsTo(ALIAS);
    assert.equal(request.method, 'POST');
    assert.equal([...request.query.keys()].length, 0);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, 'Bearer tok');
    assert.deepEqual(request.body, { name: 'iris classifier', alias: 'champion', version: '3' });
  });

  it('deletes an alias with a DELETE carrying name and alias as a JSON body, as MLflow\'s client does', async () => {
    await writes.deleteModelAlias("bob's model", 'challenger');
    const [request] = server.requestsTo(ALIAS);
    assert.equal(request.method, 'DELETE');
    assert.equal([...request.query.keys()].length, 0);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(request.body, { name: "bob's model", alias: 'challenger' });
  });

  it('accepts the empty answer some proxies give', async () => {
    server.route(`DELETE ${ALIAS}`, () => ({ status: 204, body: '' }));
    await writes.deleteModelAlias('m', 'a');
  });

  it('reports an unknown model version with MLflow\'s message', async () => {
    server.route(`POST ${ALIAS}`, () => mlflowError(404, 'RESOURCE_DOES_NOT_EXIST', 'Model Version (name=m, version=9) not found'));
    await rejectsWith(writes.setModelAlias('m', 'champion', '9'), 'NOT_FOUND', /^Model Version \(name=m, version=9\) not found$/);
  });

  it('reports an alias the server rejects', async () => {
    server.route(`POST ${ALIAS}`, () => mlflowError(400, 'INVALID_PARAMETER_VALUE', "Version alias name 'v2' is reserved."));
    await rejectsWith(writes.setModelAlias('m', 'v2', '1'), 'INVALID_ARGUMENT', /^Version alias name 'v2' is reserved\.$/);
  });

  it('names the refused request when the credentials may not write', async () => {
    server.route(`DELETE ${ALIAS}`, () => mlflowError(403, 'PERMISSION_DENIED', 'Permission denied'));
    await rejectsWith(writes.deleteModelAlias('m', 'champion'), 'PERMISSION_DENIED', /^403 Forbidden: .*DELETE \/api\/2\.0\/mlflow\/registered-models\/alias.*Permission denied/);
  });

  it('reports a server without the alias endpoint', async () => {
    server.route(`POST ${ALIAS}`, () => ({ status: 404, body: '<html>Not Found</html>' }));
    await rejectsWith(writes.setModelAlias('m', 'champion', '1'), 'NOT_FOUND', /^404 Not Found: POST \/api\/2\.0\/mlflow\/registered-models\/alias does not exist/);
  });

  it('is cancelled by its signal', async () => {
    const held = gate();
    server.route(`POST ${ALIAS}`, async () => {
      await held.opened;
      return { body: {} };
    });
    const controller = new AbortController();
    const setting = writes.setModelAlias('m', 'champion', '1', controller.signal);
    const [request] = await server.waitForRequests(1);
    controller.abort();
    await rejectsWith(setting, 'CANCELLED', /^cancelled$/);
    await request.clientGone;
    held.open();
  });

  it('is offered by the REST store only: local stores are never written', () => {
    const local: TrackingStore[] = [
      new SqliteTrackingStore('/nonexistent/mlflow.db', 'sqlite:////nonexistent/mlflow.db'),
      new FileTrackingStore('/nonexistent/mlruns', 'file:///nonexistent/mlruns'),
    ];
    assert.deepEqual(local.map((store) => store.registryWrites), [undefined, undefined]);
  });
});
