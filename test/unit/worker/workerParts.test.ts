import * as assert from 'node:assert/strict';
import { TrackingError } from '../../../src/core/tracking/errors';
import { RestTrackingStore } from '../../../src/core/tracking/rest/restTrackingStore';
import { parseTrackingUri } from '../../../src/core/tracking/trackingUri';
import { RestartBudget } from '../../../src/core/tracking/worker/restartBudget';
import { deserializeError, serializeError } from '../../../src/core/tracking/worker/serializedError';
import { storeDisplayUri } from '../../../src/core/tracking/worker/storeDisplayUri';
import { WorkerTrackingStore } from '../../../src/core/tracking/worker/workerTrackingStore';

describe('worker store parts', () => {
  it('shows a server URI as RestTrackingStore does, without credentials, query or fragment', () => {
    for (const raw of ['http://ana:s3cret@mlflow.example:5000/base/?token=x#frag', 'https://host/', 'http://u@host:80/a//']) {
      const resolved = parseTrackingUri(raw, '/');
      const rest = new RestTrackingStore(resolved.uri, { env: {} });
      try {
        assert.equal(storeDisplayUri(resolved), rest.uri, raw);
      } finally {
        rest.close();
      }
    }
    assert.equal(storeDisplayUri(parseTrackingUri('http://ana:s3cret@h:5000/', '/')), 'http://h:5000');
    assert.equal(storeDisplayUri(parseTrackingUri('sqlite:////data/mlflow.db', '/')), 'sqlite:////data/mlflow.db');
  });

  it('has kind and URI before any worker answers (even one that cannot start)', () => {
    const store = WorkerTrackingStore.start({
      workerScript: '/nonexistent/trackingWorker.js',
      resolved: parseTrackingUri('http://ana:s3cret@h:5000/', '/'),
      maxRestartsPerMinute: 0,
    });
    try {
      assert.equal(store.kind, 'rest');
      assert.equal(store.uri, 'http://h:5000');
    } finally {
      store.close();
    }
  });

  it('serialises errors as data and re-creates them', () => {
    const tracking = serializeError(new TrackingError('sqlite:///x.db', 'locked', 'BUSY'));
    assert.deepEqual(tracking, { kind: 'tracking', uri: 'sqlite:///x.db', reason: 'locked', code: 'BUSY' });
    assert.deepEqual(structuredClone(tracking), tracking);
    const back = deserializeError(tracking);
    assert.ok(back instanceof TrackingError);
    assert.equal(back.message, 'sqlite:///x.db: locked');
    const range = deserializeError(serializeError(new RangeError('too far')));
    assert.equal(range.name, 'RangeError');
    assert.equal(range.message, 'too far');
    assert.equal(deserializeError(serializeError(42)).message, '42');
  });

  it('allows a number of restarts in any trailing minute', () => {
    let now = 1_000_000;
    const budget = new RestartBudget(2, () => now);
    assert.equal(budget.take(), true);
    now += 30_000;
    assert.equal(budget.take(), true);
    assert.equal(budget.take(), false);
    now += 30_000;
    assert.equal(budget.take(), true, 'the first restart left the window');
    assert.equal(budget.take(), false);
    assert.equal(new RestartBudget(0, () => now).take(), false);
  });
});
