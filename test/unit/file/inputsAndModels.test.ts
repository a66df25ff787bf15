import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FileTrackingStore } from '../../../src/core/tracking/file/fileTrackingStore';
import { FixtureStore, toYaml } from './fixtureStore';

const DATASET_ID = '8e95f24bfed2237906249ab8d1070be4';
const dataset = {
  digest: '2981c147',
  name: 'mydata',
  profile: '{"num_rows": 2}',
  schema: '{"mlflow_colspec": []}',
  source: '{"uri": "s3://x/y.csv"}',
  source_type: 's3',
};

describe('file store dataset inputs, model outputs and logged models', () => {
  let fixture: FixtureStore;
  let store: FileTrackingStore;

  beforeEach(() => {
    fixture = new FixtureStore('file-inputs');
    store = new FileTrackingStore(fixture.root, `file://${fixture.root}`);
    fixture.experiment('1');
    fixture.write(`1/datasets/${DATASET_ID}/meta.yaml`, toYaml(dataset));
  });
  afterEach(() => fixture.cleanup());

  function useDataset(runDir: string, inputId: string, context: string | undefined) {
    fixture.write(
      `${runDir}/inputs/${inputId}/meta.yaml`,
      toYaml({
        destination_id: DATASET_ID,
        destination_type: 'RUN',
        source_id: DATASET_ID,
        source_type: 'DATASET',
        tags: context ? { 'mlflow.data.context': context } : {},
      }),
    );
  }

  it('reads dataset inputs with their tags, skipping model inputs', async () => {
    const dir = fixture.run('1', 'r1');
    useDataset(dir, 'a1', 'training');
    fixture.write(`${dir}/inputs/b2/meta.yaml`, 'destination_id: m-1\ndestination_type: RUN\nsource_id: m-1\nsource_type: MODEL\ntags: {}\n');
    const run = await store.getRun('r1');
    assert.deepEqual(run.inputs.dataset_inputs, [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }]);
  });

  it('reports an input whose dataset folder is missing and keeps the run', async () => {
    const dir = fixture.run('1', 'r1');
    fixture.write(`${dir}/inputs/x/meta.yaml`, 'destination_id: d\ndestination_type: RUN\nsource_id: nope\nsource_type: DATASET\ntags: {}\n');
    const page = await store.searchRuns({ experimentIds: ['1'] });
    assert.deepEqual(page.runs[0].inputs.dataset_inputs, []);
    assert.equal(page.problems.length, 1);
    assert.equal(path.relative(fixture.root, page.problems[0].item), '1/datasets/nope/meta.yaml');
  });

  it('reads model outputs with their step, taking the model id MLflow writes into destination_id', async () => {
    const dir = fixture.run('1', 'r1');
    fixture.write(
      `${dir}/outputs/m-abc/meta.yaml`,
      'destination_id: m-abc\ndestination_type: MODEL_OUTPUT\nsource_id: m-abc\nsource_type: RUN_OUTPUT\nstep: 4\ntags: {}\n',
    );
    assert.deepEqual((await store.getRun('r1')).outputs.model_outputs, [{ model_id: 'm-abc', step: 4 }]);
  });

  it('lists datasets with the runs that used them and their contexts, deleted runs included', async () => {
    useDataset(fixture.run('1', 'r1'), 'a', 'training');
    useDataset(fixture.run('1', 'r2', { lifecycle_stage: 'deleted' }), 'b', 'eval');
    useDataset(fixture.run('1', 'r3'), 'c', undefined);
    const { items, problems } = await store.listDatasets([]);
    assert.deepEqual(problems, []);
    assert.deepEqual(items, [
      {
        ...dataset,
        experiment_id: '1',
        runs: [
          { run_id: 'r1', experiment_id: '1', context: 'training' },
          { run_id: 'r2', experiment_id: '1', context: 'eval' },
          { run_id: 'r3', experiment_id: '1', context: null },
        ],
      },
    ]);
  });

  function loggedModel(id: string, meta: Record<string, string | number | null> = {}) {
    fixture.write(
      `1/models/${id}/meta.yaml`,
      toYaml({
        artifact_location: `file:///a/${id}`,
        creation_timestamp: 1000,
        experiment_id: '1',
        last_updated_timestamp: 2000,
        model_id: id,
        model_type: 'clf',
        name: `name-${id}`,
        source_run_id: 'r1',
        status: 2,
        status_message: null,
        ...meta,
      }),
    );
  }

  it('lists logged models with params, tags and the latest metric per dataset', async () => {
    loggedModel('m-1');
    fixture.write('1/models/m-1/params/alpha', '0.5');
    fixture.write('1/models/m-1/tags/mlflow.user', 'bob');
    fixture.write('1/models/m-1/metrics/acc', '10 0.5 1 r1 train d1\n20 0.7 2 r1 train d1\n15 0.9 1 r1\n30 nan 0 r2 test d2\n');
    const { items, problems } = await store.listLoggedModels(['1']);
    assert.deepEqual(problems, []);
    assert.deepEqual(items, [
      {
        model_id: 'm-1',
        experiment_id: '1',
        name: 'name-m-1',
        artifact_location: 'file:///a/m-1',
        creation_timestamp: 1000,
        last_updated_timestamp: 2000,
        status: 'READY',
        source_run_id: 'r1',
        model_type: 'clf',
        tags: { 'mlflow.user': 'bob' },
        params: { alpha: '0.5' },
        metrics: [
          { key: 'acc', value: 0.7, step: 2, timestamp: 20, run_id: 'r1', dataset_name: 'train', dataset_digest: 'd1' },
          { key: 'acc', value: 0.9, step: 1, timestamp: 15, run_id: 'r1', dataset_name: null, dataset_digest: null },
          { key: 'acc', value: Number.NaN, step: 0, timestamp: 30, run_id: 'r2', dataset_name: 'test', dataset_digest: 'd2' },
        ],
      },
    ]);
  });

  it('hides deleted logged models, orders newest first, and reports a corrupt one', async () => {
    loggedModel('m-old', { creation_timestamp: 1 });
    loggedModel('m-new', { creation_timestamp: 5, status: 1 });
    loggedModel('m-gone');
    fixture.write('1/models/m-gone/meta.yaml', `${toYaml({ lifecycle_stage: 'deleted' })}model_id: m-gone\n`);
    fixture.write('1/models/m-bad/meta.yaml', 'model_id: [\n');
    const { items, problems } = await store.listLoggedModels([]);
    assert.deepEqual(items.map((m) => [m.model_id, m.status]), [
      ['m-new', 'PENDING'],
      ['m-old', 'READY'],
    ]);
    assert.deepEqual(problems.map((p) => path.relative(fixture.root, p.item)), ['1/models/m-bad/meta.yaml']);
  });
});
