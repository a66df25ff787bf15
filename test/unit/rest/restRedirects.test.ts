import * as assert from 'node:assert/strict';
import { TrackingError } from '../../../src/core/tracking/errors';
import { FakeMlflowServer } from './fakeMlflowServer';
import { API, type TestStore, storeFor } from './mlflowPayloads';

describe('RestTrackingStore redirects (as Python requests follows them)', () => {
  let front: FakeMlflowServer;
  let back: FakeMlflowServer;
  const stores: TestStore[] = [];
  const open = (env: NodeJS.ProcessEnv = {}): TestStore => {
    const t = storeFor(front.url, { MLFLOW_TRACKING_TOKEN: 'tok', ...env });
    stores.push(t);
    return t;
  };

  beforeEach(async () => {
    front = await FakeMlflowServer.start();
    back = await FakeMlflowServer.start({
      [`POST ${API}/experiments/search`]: () => ({ body: { experiments: [{ experiment_id: '1' }] } }),
      [`GET ${API}/experiments/search`]: () => ({ body: { experiments: [{ experiment_id: '2' }] } }),
    });
  });
  afterEach(async () => {
    for (const t of stores.splice(0)) t.dispose();
    await front.close();
    await back.close();
  });

  it('keeps method, body and credentials on a 307 to the same host', async () => {
    front.route(`POST /moved${API}/experiments/search`, () => ({ body: { experiments: [{ experiment_id: '7' }] } }));
    front.route(`POST ${API}/experiments/search`, () => ({ status: 307, headers: { Location: `/moved${API}/experiments/search` } }));
    const listing = await open().store.listExperiments('all');
    assert.deepEqual(listing.items.map((e) => e.experiment_id), ['7']);
    const moved = front.requestsTo(`/moved${API}/experiments/search`)[0];
    assert.equal(moved.body?.view_type, 'ALL');
    assert.equal(moved.headers.authorization, 'Bearer tok');
  });

  it('turns a POST into a GET on 302 and drops credentials when leaving the host', async () => {
    // localhost and 127.0.0.1 are different host names to requests' should_strip_auth.
    const elsewhere = back.url.replace('127.0.0.1', 'localhost');
    front.route(`POST ${API}/experiments/search`, () => ({ status: 302, headers: { Location: `${elsewhere}${API}/experiments/search` } }));
    const listing = await open().store.listExperiments('all');
    assert.deepEqual(listing.items.map((e) => e.experiment_id), ['2']);
    const [request] = back.requests;
    assert.equal(request.method, 'GET');
    assert.equal(request.headers.authorization, undefined);
    assert.equal(request.body, undefined);
  });

  it('does not follow redirects when MLFLOW_ALLOW_HTTP_REDIRECTS=false', async () => {
    front.route(`POST ${API}/experiments/search`, () => ({ status: 307, headers: { Location: `${back.url}${API}/experiments/search` } }));
    await assert.rejects(open({ MLFLOW_ALLOW_HTTP_REDIRECTS: 'false' }).store.listExperiments('all'), TrackingError);
    assert.equal(back.requests.length, 0);
  });

  it('refuses credentials an HTTP header cannot carry, without showing them', async () => {
    const t = storeFor(front.url, { MLFLOW_TRACKING_TOKEN: 'abc\ndef' });
    stores.push(t);
    await assert.rejects(t.store.listExperiments('all'), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.code, 'INVALID_ARGUMENT');
      assert.doesNotMatch(error.message, /abc|def/);
      return true;
    });
    assert.equal(front.requests.length, 0);
  });
});
