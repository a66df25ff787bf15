import * as assert from 'node:assert/strict';
import { metricPresenceFilter, newestRunningRun, recentRunsWithMetric } from '../../../src/core/metrics/recentMetricRuns';
import { TrackingError } from '../../../src/core/tracking/errors';
import { searchRunsInMemory, type SearchDialect } from '../../../src/core/tracking/search';
import type { Run, RunSearch, TrackingStore } from '../../../src/core/tracking/types';
import { makeRun } from './runFixtures';

/** A store that searches like MLflow's sqlite or file store, recording each search. */
function storeOf(runs: Run[], dialect: SearchDialect, rejectFilters = false): { store: TrackingStore; searches: RunSearch[] } {
  const searches: RunSearch[] = [];
  const store = {
    uri: 'fake:',
    async searchRuns(search: RunSearch) {
      searches.push(search);
      if (rejectFilters && search.filter) throw new TrackingError('fake:', 'filters are not supported', 'INVALID_ARGUMENT');
      return { ...searchRunsInMemory(runs, search, dialect, 'fake:'), problems: [] };
    },
  } as unknown as TrackingStore;
  return { store, searches };
}

const runs = [
  makeRun('old', 1000, { loss: 0.5 }),
  makeRun('nan', 2000, { loss: Number.NaN }),
  makeRun('ninf', 3000, { loss: Number.NEGATIVE_INFINITY }),
  makeRun('other', 4000, { acc: 0.9 }),
  makeRun('inf', 5000, { loss: Number.POSITIVE_INFINITY }),
  makeRun('live', 6000, { loss: 0.1 }, 'RUNNING'),
  makeRun('zero', 7000, { loss: 0 }),
];

describe('recentMetricRuns', () => {
  for (const dialect of ['sqlite', 'file'] as const) {
    it(`finds the newest runs with the metric, NaN and infinities included (${dialect} store)`, async () => {
      const { store, searches } = storeOf(runs, dialect);
      const recent = await recentRunsWithMetric(store, 'loss', 5);
      assert.deepEqual(recent.runs.map((r) => r.info.run_id), ['zero', 'live', 'inf', 'ninf', 'nan']);
      assert.equal(searches.length, 1);
      assert.deepEqual(searches[0].orderBy, ['attributes.start_time DESC']);
      assert.equal(searches[0].maxResults, 5);
      assert.equal(searches[0].view, 'active');
      assert.deepEqual(searches[0].experimentIds, []);
    });
  }

  it('quotes keys with slashes and spaces', async () => {
    assert.equal(metricPresenceFilter('val/loss top 1'), 'metrics.`val/loss top 1` != 1.2345678901234567e-300');
    const { store } = storeOf([makeRun('a', 1, { 'val/loss top 1': 2 }), makeRun('b', 2, { val: 1 })], 'sqlite');
    assert.deepEqual((await recentRunsWithMetric(store, 'val/loss top 1', 5)).runs.map((r) => r.info.run_id), ['a']);
  });

  it('picks the runs itself when the store rejects the filter or the key cannot be quoted', async () => {
    const { store, searches } = storeOf(runs, 'sqlite', true);
    assert.deepEqual((await recentRunsWithMetric(store, 'loss', 2)).runs.map((r) => r.info.run_id), ['zero', 'live']);
    assert.equal(searches.length, 2);
    assert.equal(searches[1].filter, undefined);
    const odd = storeOf([makeRun('q', 1, { 'a`b': 1 }), makeRun('r', 2, {})], 'file');
    assert.equal(metricPresenceFilter('a`b'), undefined);
    assert.deepEqual((await recentRunsWithMetric(odd.store, 'a`b', 5)).runs.map((r) => r.info.run_id), ['q']);
    assert.equal(odd.searches.length, 1);
  });

  it('passes other store failures on', async () => {
    const store = { searchRuns: async () => Promise.reject(new TrackingError('fake:', 'database is locked', 'BUSY')) } as unknown as TrackingStore;
    await assert.rejects(recentRunsWithMetric(store, 'loss', 5), /database is locked/);
  });

  it('finds the newest running run', async () => {
    const training = [...runs, makeRun('live-2', 500, {}, 'RUNNING')];
    assert.equal((await newestRunningRun(storeOf(training, 'sqlite').store))?.info.run_id, 'live');
    assert.equal(await newestRunningRun(storeOf([runs[0]], 'file').store), undefined);
  });
});
