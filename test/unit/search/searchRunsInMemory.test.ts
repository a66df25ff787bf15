import * as assert from 'node:assert/strict';
import { TrackingError } from '../../../src/core/tracking/errors';
import { type SearchDialect, searchRunsInMemory, validateRunSearch } from '../../../src/core/tracking/search';
import type { Run, RunSearch } from '../../../src/core/tracking/types';

interface RunSpec {
  id: string;
  start?: number;
  name?: string;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  datasets?: { name: string; context: string }[];
}

function run({ id, start = 1000, name = id, metrics = {}, params = {}, tags, datasets = [] }: RunSpec): Run {
  return {
    info: {
      run_id: id, run_name: name, experiment_id: '1', user_id: 'me', status: 'FINISHED', start_time: start,
      end_time: start + 1, artifact_uri: `file:///a/${id}/artifacts`, lifecycle_stage: 'active',
    },
    data: { metrics, params, tags: tags ?? { 'mlflow.runName': name } },
    inputs: {
      dataset_inputs: datasets.map((d) => ({
        tags: [{ key: 'mlflow.data.context', value: d.context }],
        dataset: { name: d.name, digest: 'd', source_type: 'local', source: '/d', schema: null, profile: null },
      })),
    },
    outputs: { model_outputs: [] },
  };
}

function ids(runs: readonly Run[], dialect: SearchDialect, search: Partial<RunSearch>): string[] {
  return searchRunsInMemory(runs, { experimentIds: [], ...search }, dialect, 'store').runs.map((r) => r.info.run_id);
}

function rejects(runs: readonly Run[], dialect: SearchDialect, search: Partial<RunSearch>, message: RegExp): void {
  assert.throws(
    () => searchRunsInMemory(runs, { experimentIds: [], ...search }, dialect, 'mlflow.db'),
    (error: unknown) =>
      error instanceof TrackingError && error.code === 'INVALID_ARGUMENT' && error.uri === 'mlflow.db' && message.test(error.reason),
  );
}

const both: SearchDialect[] = ['file', 'sqlite'];

describe('searchRunsInMemory', () => {
  const metricRuns = [
    run({ id: 'a', start: 3, metrics: { m: 1 } }),
    run({ id: 'b', start: 2, metrics: { m: Number.NaN } }),
    run({ id: 'c', start: 1 }),
    run({ id: 'd', start: 4, metrics: { m: -2 } }),
    run({ id: 'e', start: 4, metrics: { m: Number.POSITIVE_INFINITY } }),
    run({ id: 'f', start: 5, metrics: { m: Number.MAX_VALUE } }),
  ];

  it('orders by start time descending, then run id', () => {
    for (const dialect of both) assert.deepEqual(ids(metricRuns, dialect, {}), ['f', 'd', 'e', 'a', 'b', 'c']);
  });

  it('sorts NaN after numbers and missing values last, in both directions', () => {
    for (const dialect of both) {
      assert.deepEqual(ids(metricRuns.slice(0, 4), dialect, { orderBy: ['metrics.m'] }), ['d', 'a', 'b', 'c']);
      assert.deepEqual(ids(metricRuns.slice(0, 4), dialect, { orderBy: ['metrics.m DESC'] }), ['a', 'd', 'b', 'c']);
    }
  });

  it('keeps +inf above the largest double in the file store only: sqlite stores it as that double', () => {
    assert.deepEqual(ids(metricRuns, 'file', { orderBy: ['metrics.m DESC'] }), ['e', 'f', 'a', 'd', 'b', 'c']);
    assert.deepEqual(ids(metricRuns, 'sqlite', { orderBy: ['metrics.m DESC'] }), ['f', 'e', 'a', 'd', 'b', 'c']);
    assert.deepEqual(ids(metricRuns, 'file', { filter: 'metrics.m = 1e999' }), ['e']);
    assert.deepEqual(ids(metricRuns, 'sqlite', { filter: 'metrics.m = 1e999' }), []);
    assert.deepEqual(ids(metricRuns, 'sqlite', { filter: 'metrics.m = 1.7976931348623157e308' }), ['f', 'e']);
  });

  it('lets a NaN metric satisfy only !=, and a missing one nothing', () => {
    for (const dialect of both) {
      assert.deepEqual(ids(metricRuns, dialect, { filter: 'metrics.m != 1' }), ['f', 'd', 'e', 'b']);
      assert.deepEqual(ids(metricRuns, dialect, { filter: 'metrics.m <= 1' }), ['d', 'a']);
    }
  });

  it('matches attributes.run_name against the mlflow.runName tag on sqlite, the run name in files', () => {
    const runs = [run({ id: 'a', name: 'x' }), run({ id: 'b', name: 'x', tags: {} })];
    assert.deepEqual(ids(runs, 'file', { filter: "attributes.run_name = 'x'" }), ['a', 'b']);
    assert.deepEqual(ids(runs, 'sqlite', { filter: "attributes.run_name = 'x'" }), ['a']);
    assert.deepEqual(ids(runs, 'sqlite', { orderBy: ['attributes.run_name'] }), ['a', 'b']);
  });

  it('applies LIKE as each store does: line breaks and ILIKE case folding differ', () => {
    const runs = [run({ id: 'a', params: { p: 'ab\nc' } }), run({ id: 'b', params: { p: 'École' } })];
    assert.deepEqual(ids(runs, 'file', { filter: "params.p LIKE 'ab_c'" }), []);
    assert.deepEqual(ids(runs, 'sqlite', { filter: "params.p LIKE 'ab_c'" }), ['a']);
    assert.deepEqual(ids(runs, 'file', { filter: "params.p ILIKE 'école'" }), ['b']);
    assert.deepEqual(ids(runs, 'sqlite', { filter: "params.p ILIKE 'école'" }), []);
  });

  it('matches a dataset clause when any input of the run does', () => {
    const runs = [
      run({ id: 'a', datasets: [{ name: 'wine', context: 'train' }, { name: 'iris', context: 'test' }] }),
      run({ id: 'b', datasets: [{ name: 'iris', context: 'train' }] }),
      run({ id: 'c' }),
    ];
    for (const dialect of both) {
      assert.deepEqual(ids(runs, dialect, { filter: "datasets.name = 'wine' AND datasets.context = 'test'" }), ['a']);
      assert.deepEqual(ids(runs, dialect, { filter: "datasets.name != 'wine'" }), ['a', 'b']);
      assert.deepEqual(ids(runs, dialect, { filter: "datasets.context NOT IN ('train')" }), ['a']);
    }
  });

  it('reports a bad comparator in the file store only when a run reaches its clause', () => {
    const runs = [run({ id: 'a', params: { p: 'x' } })];
    assert.deepEqual(ids(runs, 'file', { filter: "params.p = 'nope' AND params.p > 'a'" }), []);
    rejects(runs, 'file', { filter: "params.p = 'x' AND params.p > 'a'" }, /^Invalid comparator '>' not one of/);
    rejects(runs, 'sqlite', { filter: "params.p = 'nope' AND params.p > 'a'" }, /^Invalid comparator '>' not one of/);
  });

  it('compares an IN list with = in Python, but sqlite3 cannot bind it', () => {
    const runs = [run({ id: 'a' }), run({ id: 'b' })];
    assert.deepEqual(ids(runs, 'file', { filter: "attributes.run_id = ('a', 'b')" }), []);
    assert.deepEqual(ids(runs, 'file', { filter: "attributes.run_id != ('a', 'b')" }), ['a', 'b']);
    rejects(runs, 'sqlite', { filter: "attributes.run_id = ('a', 'b')" }, /Error binding parameter/);
    assert.deepEqual(ids(runs, 'sqlite', { filter: "attributes.run_id IN ('b', 'c')" }), ['b']);
  });

  it('rejects integers beyond 64 bits on sqlite only', () => {
    const search = { filter: 'attributes.start_time < 9223372036854775808' };
    assert.deepEqual(ids([run({ id: 'a' })], 'file', search), ['a']);
    rejects([run({ id: 'a' })], 'sqlite', search, /^Python int too large to convert to SQLite INTEGER$/);
  });

  it('rejects sorting on datasets (the file store only with runs to sort) and duplicate keys on sqlite', () => {
    rejects([run({ id: 'a' })], 'file', { orderBy: ['datasets.name'] }, /^Invalid order_by entity type 'dataset'$/);
    assert.deepEqual(ids([run({ id: 'a' })], 'file', { filter: "params.p = 'x'", orderBy: ['datasets.name'] }), []);
    rejects([], 'sqlite', { orderBy: ['datasets.name'] }, /^Invalid identifier type 'dataset'$/);
    assert.deepEqual(ids(metricRuns, 'file', { orderBy: ['metrics.m', 'metrics.m DESC'] }), ['d', 'a', 'f', 'e', 'b', 'c']);
    rejects([], 'sqlite', { orderBy: ['attributes.created', 'start_time'] }, /^`order_by` contains duplicate fields: \['attributes.created', 'start_time'\]$/);
  });

  it('pages with offset tokens, each store as MLflow does at the edges', () => {
    for (const dialect of both) {
      const first = searchRunsInMemory(metricRuns, { experimentIds: [], maxResults: 4 }, dialect, 'u');
      assert.equal(first.nextPageToken, 'eyJvZmZzZXQiOiA0fQ==');
      const second = searchRunsInMemory(metricRuns, { experimentIds: [], maxResults: 4, pageToken: first.nextPageToken! }, dialect, 'u');
      assert.deepEqual([second.runs.map((r) => r.info.run_id), second.nextPageToken], [['b', 'c'], null]);
      assert.equal(searchRunsInMemory(metricRuns, { experimentIds: [], maxResults: 6 }, dialect, 'u').nextPageToken, null);
      rejects([], dialect, { maxResults: 50001 }, /at most 50000/);
    }
    const fromMinusTwo = { maxResults: 3, pageToken: Buffer.from('{"offset": -2}').toString('base64') };
    // Python: runs[-2:1] is empty, and the next page starts at offset 1
    const fileFromMinusTwo = searchRunsInMemory(metricRuns, { experimentIds: [], ...fromMinusTwo }, 'file', 'u');
    assert.deepEqual([fileFromMinusTwo.runs, fileFromMinusTwo.nextPageToken], [[], 'eyJvZmZzZXQiOiAxfQ==']);
    assert.deepEqual(ids(metricRuns, 'sqlite', fromMinusTwo), ['f', 'd', 'e']);
    assert.deepEqual(searchRunsInMemory(metricRuns, { experimentIds: [], maxResults: 0 }, 'file', 'u').runs, []);
    rejects([], 'sqlite', { maxResults: 0 }, /^Invalid value 0 for parameter 'max_results' supplied. It must be a positive integer$/);
  });

  it('validates a search for a server without any runs', () => {
    assert.doesNotThrow(() => validateRunSearch({ experimentIds: [], filter: 'metrics.a > 1', orderBy: ['metrics.a'] }, 'http://h'));
    assert.throws(
      () => validateRunSearch({ experimentIds: [], filter: 'metrics.a > 1 OR metrics.a < 0' }, 'http://h'),
      (error: unknown) => error instanceof TrackingError && error.message === "http://h: Invalid clause(s) in filter string: 'OR'",
    );
  });
});
