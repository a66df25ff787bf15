import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { FakeMlflowServer } from './fakeMlflowServer';
import { API, type TestStore, storeFor } from './mlflowPayloads';
import { type TestCertificates, makeTestCertificates } from './testCertificates';

describe('RestTrackingStore over TLS', () => {
  let certs: TestCertificates;
  let server: FakeMlflowServer;
  let mutualServer: FakeMlflowServer;
  const stores: TestStore[] = [];
  const open = (uri: string, env: NodeJS.ProcessEnv): TestStore => {
    const t = storeFor(uri, env);
    stores.push(t);
    return t;
  };
  const routes = { [`POST ${API}/experiments/search`]: () => ({ body: { experiments: [] } }) };

  before(async function () {
    this.timeout(20000);
    certs = makeTestCertificates();
    server = await FakeMlflowServer.start(routes, { key: certs.serverKey, cert: certs.serverCert });
    mutualServer = await FakeMlflowServer.start(routes, {
      key: certs.serverKey,
      cert: certs.serverCert,
      ca: certs.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
  });
  after(async () => {
    await server?.close();
    await mutualServer?.close();
    certs?.cleanup();
  });
  afterEach(() => {
    for (const t of stores.splice(0)) t.dispose();
  });

  it('refuses a certificate it cannot verify, saying what to set', async () => {
    await assert.rejects(open(server.url, {}).store.listExperiments('active'), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.code, 'UNAVAILABLE');
      assert.match(error.reason, /TLS certificate is not trusted: .*MLFLOW_TRACKING_SERVER_CERT_PATH.*MLFLOW_TRACKING_INSECURE_TLS/);
      return true;
    });
  });

  it('trusts the CA bundle in MLFLOW_TRACKING_SERVER_CERT_PATH (a file or a directory)', async () => {
    assert.deepEqual((await open(server.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: certs.caPath }).store.listExperiments('active')).items, []);
    assert.deepEqual((await open(server.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: certs.dir }).store.listExperiments('active')).items, []);
  });

  it('skips verification with MLFLOW_TRACKING_INSECURE_TLS=true', async () => {
    assert.deepEqual((await open(server.url, { MLFLOW_TRACKING_INSECURE_TLS: 'true' }).store.listExperiments('active')).items, []);
  });

  it('refuses both settings at once, as MLflow does', () => {
    assert.throws(
      () => open(server.url, { MLFLOW_TRACKING_INSECURE_TLS: 'true', MLFLOW_TRACKING_SERVER_CERT_PATH: certs.caPath }),
      /set only one of them/,
    );
  });

  it('names a CA bundle it cannot read', async () => {
    const missing = path.join(certs.dir, 'missing.pem');
    await assert.rejects(open(server.url, { MLFLOW_TRACKING_SERVER_CERT_PATH: missing }).store.listExperiments('active'), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.code, 'INVALID_ARGUMENT');
      assert.match(error.reason, /cannot read MLFLOW_TRACKING_SERVER_CERT_PATH .*missing\.pem/);
      return true;
    });
  });

  it('presents the client certificate from MLFLOW_TRACKING_CLIENT_CERT_PATH', async () => {
    const env = { MLFLOW_TRACKING_SERVER_CERT_PATH: certs.caPath };
    await assert.rejects(open(mutualServer.url, env).store.listExperiments('active'), TrackingError);
    const withCert = open(mutualServer.url, { ...env, MLFLOW_TRACKING_CLIENT_CERT_PATH: certs.clientPemPath });
    await withCert.store.listExperiments('active');
    assert.equal(mutualServer.requests.at(-1)?.clientCertCn, 'test-client');
  });
});
