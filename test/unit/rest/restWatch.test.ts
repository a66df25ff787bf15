import * as assert from 'node:assert/strict';
import type { TrackingError } from '../../../src/core/tracking/errors';
import type { StoreChange } from '../../../src/core/tracking/types';
import { FakeMlflowServer, type RecordedRequest, gate, mlflowError } from './fakeMlflowServer';
import { API, type TestStore, experimentJson, runJson, storeFor } from './mlflowPayloads';

/** A server whose state the test edits between polls. */
interface ServerState {
  experiments: Record<string, unknown>[];
  runs: Record<string, unknown>[];
  models: Record<string, unknown>[];
  failing: boolean;
}

const token = (t: string) => (r: RecordedRequest) => r.headers.authorization === `Bearer ${t}`;

describe('RestTrackingStore.watch', () => {
  let server: FakeMlflowServer;
  let state: ServerState;
  const stores: TestStore[] = [];
  /** Each watcher gets its own token, so the test can tell their requests apart. */
  const open = (name: string, onWatchError?: (error: TrackingError) => void): TestStore => {
    const t = storeFor(server.url, {}, { credentials: { token: name }, onWatchError });
    stores.push(t);
    return t;
  };
  /** Resolves with the next change the store reports. */
  const nextChange = (changes: StoreChange[]): Promise<StoreChange> =>
    new Promise((resolve) => {
      const length = changes.length;
      const push = changes.push.bind(changes);
      changes.push = (...items: StoreChange[]) => {
        const size = push(...items);
        if (size > length) resolve(changes[length]);
        return size;
      };
    });

  beforeEach(async () => {
    state = { experiments: [experimentJson('1')], runs: [runJson({ id: 'r1', status: 'RUNNING', metrics: { loss: 1 } })], models: [], failing: false };
    server = await FakeMlflowServer.start({
      [`POST ${API}/experiments/search`]: () => (state.failing ? mlflowError(500, 'INTERNAL_ERROR', 'down') : { body: { experiments: state.experiments } }),
      [`POST ${API}/runs/search`]: () => ({ body: { runs: state.runs } }),
      [`GET ${API}/registered-models/search`]: () => ({ body: { registered_models: state.models } }),
    });
  });
  afterEach(async () => {
    for (const t of stores.splice(0)) t.dispose();
    await server.close();
  });

  it('reports changed runs, experiments and models, and asks for the newest runs', async () => {
    const changes: StoreChange[] = [];
    const t = open('a');
    const watcher = t.store.watch((c) => changes.push(c), { pollIntervalMs: 5 });
    await server.waitForRequests(3, token('a'));
    let changed = nextChange(changes);
    state.runs = [runJson({ id: 'r1', status: 'FINISHED', endTime: 5, metrics: { loss: 0.5 } }), runJson({ id: 'r2', datasets: [{ name: 'd', digest: 'x' }] })];
    assert.deepEqual(await changed, { kinds: ['datasets', 'runs'], runIds: ['r1', 'r2'] });
    changed = nextChange(changes);
    state.experiments = [experimentJson('1', { last_update_time: 99 })];
    assert.deepEqual(await changed, { kinds: ['experiments'] });
    changed = nextChange(changes);
    state.models = [{ name: 'm', last_updated_timestamp: 1, aliases: [{ alias: 'champion', version: '1' }] }];
    assert.deepEqual(await changed, { kinds: ['models'] });
    watcher.dispose();
    const runSearch = server.requestsTo(`${API}/runs/search`)[0].body;
    assert.deepEqual(runSearch?.order_by, ['attributes.start_time DESC']);
    assert.equal(runSearch?.run_view_type, 'ALL');
    assert.equal(changes.length, 3);
  });

  it('stops polling on dispose', async () => {
    const a = open('a');
    const watcher = a.store.watch(() => assert.fail('no change expected'), { pollIntervalMs: 1 });
    await server.waitForRequests(6, token('a'));
    watcher.dispose();
    const before = server.requests.filter(token('a')).length;
    // A second watcher on the same interval polls three times while the first stays silent.
    const b = open('b');
    const other = b.store.watch(() => undefined, { pollIntervalMs: 1 });
    await server.waitForRequests(9, token('b'));
    other.dispose();
    assert.equal(server.requests.filter(token('a')).length, before);
  });

  it('never overlaps polls', async () => {
    const held = gate();
    server.route(`GET ${API}/registered-models/search`, async (request) => {
      if (token('a')(request)) await held.opened;
      return { body: { registered_models: [] } };
    });
    const a = open('a');
    a.store.watch(() => undefined, { pollIntervalMs: 1 });
    await server.waitForRequests(3, token('a'));
    const b = open('b');
    b.store.watch(() => undefined, { pollIntervalMs: 1 });
    await server.waitForRequests(9, token('b'));
    assert.equal(server.requests.filter(token('a')).length, 3);
    held.open();
    await server.waitForRequests(4, token('a'));
  });

  it('reports polling errors once, keeps polling and picks up after recovery', async () => {
    const errors: TrackingError[] = [];
    const changes: StoreChange[] = [];
    const t = open('a', (error) => errors.push(error));
    state.failing = true;
    t.store.watch((c) => changes.push(c), { pollIntervalMs: 1 });
    await server.waitForRequests(5, token('a'));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /500 Internal Server Error.*down/);
    const changed = nextChange(changes);
    state.failing = false;
    await server.waitForRequests(1, (r) => token('a')(r) && r.path.endsWith('registered-models/search'));
    state.runs = [runJson({ id: 'r3' })];
    assert.deepEqual(await changed, { kinds: ['runs'], runIds: ['r3'] });
    assert.equal(errors.length, 1);
  });

  it('disposes its watchers on close', async () => {
    const t = open('a');
    t.store.watch(() => undefined, { pollIntervalMs: 1 });
    await server.waitForRequests(3, token('a'));
    t.store.close();
    const before = server.requests.filter(token('a')).length;
    const b = open('b');
    b.store.watch(() => undefined, { pollIntervalMs: 1 });
    await server.waitForRequests(9, token('b'));
    assert.equal(server.requests.filter(token('a')).length, before);
  });
});
