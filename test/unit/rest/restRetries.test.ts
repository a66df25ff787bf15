import * as assert from 'node:assert/strict';
import { TrackingError } from '../../../src/core/tracking/errors';
import type { RetryNotice } from '../../../src/core/tracking/rest';
import { FakeMlflowServer, type Reply, gate, mlflowError } from './fakeMlflowServer';
import { API, type TestStore, storeFor } from './mlflowPayloads';

const SEARCH = `${API}/experiments/search`;

/** Answers with `failures` in turn, then with an empty experiment list. */
function failingThenOk(server: FakeMlflowServer, failures: Reply[]): void {
  let calls = 0;
  server.route(`POST ${SEARCH}`, () => failures[calls++] ?? { body: { experiments: [] } });
}

function code(error: unknown): string | undefined {
  return error instanceof TrackingError ? error.code : undefined;
}

describe('RestTrackingStore retries, timeouts and cancellation', () => {
  let server: FakeMlflowServer;
  const stores: TestStore[] = [];
  const open = (env: NodeJS.ProcessEnv, onRetry?: (notice: RetryNotice) => void, timeoutMs?: number): TestStore => {
    const t = storeFor(server.url, env, { onRetry, timeoutMs });
    stores.push(t);
    return t;
  };

  beforeEach(async () => {
    server = await FakeMlflowServer.start();
  });
  afterEach(async () => {
    for (const t of stores.splice(0)) t.dispose();
    await server.close();
  });

  it('retries 429 and 503 with urllib3\'s backoff (first retry at once, then factor * 2^n)', async () => {
    failingThenOk(server, [{ status: 429 }, { status: 503 }, { status: 503 }]);
    const notices: RetryNotice[] = [];
    const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '5', MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.01' }, (n) => notices.push(n));
    await t.store.listExperiments('active');
    assert.equal(server.requestsTo(SEARCH).length, 4);
    assert.deepEqual(notices.map((n) => [n.retry, n.reason, n.delayMs]), [[1, '429', 0], [2, '503', 20], [3, '503', 40]]);
  });

  it('retries the other codes MLflow retries: 408, 500, 502, 504', async () => {
    failingThenOk(server, [{ status: 408 }, { status: 500 }, { status: 502 }, { status: 504 }]);
    const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '4' });
    await t.store.listExperiments('active');
    assert.equal(server.requestsTo(SEARCH).length, 5);
  });

  it('waits as long as Retry-After asks instead of the backoff', async function () {
    this.timeout(5000);
    failingThenOk(server, [{ status: 503 }, { status: 429, headers: { 'Retry-After': '1' } }]);
    const notices: RetryNotice[] = [];
    // With a 100 s backoff factor, the second retry would wait 200 s without Retry-After.
    const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '3', MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '100' }, (n) => notices.push(n));
    const started = Date.now();
    await t.store.listExperiments('active');
    assert.ok(Date.now() - started >= 950, 'the 1 s wait was not kept');
    assert.deepEqual(notices.map((n) => n.delayMs), [0, 1000]);
    assert.equal(server.requestsTo(SEARCH).length, 3);
  });

  it('gives up after MLFLOW_HTTP_REQUEST_MAX_RETRIES and reports the last answer', async () => {
    server.route(`POST ${SEARCH}`, () => mlflowError(503, 'TEMPORARILY_UNAVAILABLE', 'overloaded'));
    const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2' });
    await assert.rejects(t.store.listExperiments('active'), (error: unknown) => {
      assert.equal(code(error), 'UNAVAILABLE');
      assert.match((error as TrackingError).reason, /^503 Service Unavailable from POST .* \(after 2 retries\): overloaded$/);
      return true;
    });
    assert.equal(server.requestsTo(SEARCH).length, 3);
  });

  for (const status of [400, 401, 403, 404]) {
    it(`does not retry ${status}`, async () => {
      server.route(`POST ${SEARCH}`, () => mlflowError(status, status === 404 ? 'RESOURCE_DOES_NOT_EXIST' : 'INVALID_PARAMETER_VALUE', 'no'));
      const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '5' });
      await assert.rejects(t.store.listExperiments('active'));
      assert.equal(server.requestsTo(SEARCH).length, 1);
    });
  }

  it('times out a request that gets no answer, and retries it like MLflow', async () => {
    const held = gate();
    server.route(`POST ${SEARCH}`, async () => {
      await held.opened;
      return { body: {} };
    });
    const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' }, undefined, 150);
    await assert.rejects(t.store.listExperiments('active'), (error: unknown) => {
      assert.equal(code(error), 'TIMEOUT');
      assert.match((error as TrackingError).reason, /^no response within 0\.15 s \(after 1 retry\): set MLFLOW_HTTP_REQUEST_TIMEOUT/);
      return true;
    });
    assert.equal(server.requestsTo(SEARCH).length, 2);
    await Promise.all(server.requestsTo(SEARCH).map((r) => r.clientGone));
    held.open();
  });

  it('reads the timeout from MLFLOW_HTTP_REQUEST_TIMEOUT (seconds)', async () => {
    const held = gate();
    server.route(`POST ${SEARCH}`, async () => {
      await held.opened;
      return { body: {} };
    });
    const t = open({ MLFLOW_HTTP_REQUEST_TIMEOUT: '0.2' });
    await assert.rejects(t.store.listExperiments('active'), (error: unknown) => code(error) === 'TIMEOUT');
    held.open();
  });

  it('cancels a request in flight at once and closes its connection', async () => {
    const held = gate();
    server.route(`POST ${SEARCH}`, async () => {
      await held.opened;
      return { body: {} };
    });
    const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '5' });
    const controller = new AbortController();
    const listing = t.store.listExperiments('active', controller.signal);
    const [request] = await server.waitForRequests(1);
    controller.abort();
    let answered = false;
    void held.opened.then(() => (answered = true));
    await assert.rejects(listing, (error: unknown) => code(error) === 'CANCELLED');
    assert.equal(answered, false, 'the cancelled call waited for the server');
    await request.clientGone;
    assert.equal(server.requestsTo(SEARCH).length, 1);
    held.open();
  });

  it('cancels during a backoff wait without waiting it out', async () => {
    server.route(`POST ${SEARCH}`, () => ({ status: 429, headers: { 'Retry-After': '3600' } }));
    const controller = new AbortController();
    const notices: RetryNotice[] = [];
    const t = open({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '5' }, (notice) => {
      notices.push(notice);
      controller.abort();
    });
    await assert.rejects(t.store.listExperiments('active', controller.signal), (error: unknown) => code(error) === 'CANCELLED');
    assert.deepEqual(notices.map((n) => n.delayMs), [3_600_000]);
    assert.equal(server.requestsTo(SEARCH).length, 1);
  });

  it('does not start a request when the signal is already aborted', async () => {
    const t = open({});
    await assert.rejects(t.store.getRun('r', AbortSignal.abort()), (error: unknown) => code(error) === 'CANCELLED');
    assert.equal(server.requests.length, 0);
  });
});
