import * as assert from 'node:assert/strict';
import { datasetLineage, linkRunsToDvcOutput, modelVersionsByRun } from '../../../src/core/datasets/lineage';
import type { DvcOutputVersion } from '../../../src/core/datasets/dvcVersions';
import type { CommitNode } from '../../../src/core/git/gitTypes';
import type { DatasetSummary, ModelVersion, RegisteredModel, Run } from '../../../src/core/tracking/types';

function run(run_id: string, options: { commit?: string; datasets?: { digest: string; source: string }[] } = {}): Run {
  return {
    info: { run_id, run_name: run_id, experiment_id: '1', user_id: 'u', status: 'FINISHED', start_time: 0, end_time: 0, artifact_uri: '', lifecycle_stage: 'active' },
    data: { metrics: {}, params: {}, tags: options.commit ? { 'mlflow.source.git.commit': options.commit } : {} },
    inputs: {
      dataset_inputs: (options.datasets ?? []).map((d) => ({
        tags: [],
        dataset: { name: 'train', digest: d.digest, source_type: 'local', source: d.source, schema: null, profile: null },
      })),
    },
    outputs: { model_outputs: [] },
  };
}

function modelVersion(name: string, version: string, run_id: string | null): ModelVersion {
  return {
    name, version, run_id, current_stage: 'None', status: 'READY', source: '', creation_timestamp: 0,
    last_updated_timestamp: 0, description: null, tags: {}, aliases: [], model_id: null,
  };
}

function model(name: string, versions: ModelVersion[]): RegisteredModel {
  return { name, description: null, creation_timestamp: 0, last_updated_timestamp: 0, tags: {}, aliases: {}, versions };
}

describe('MLflow dataset lineage', () => {
  it('joins datasets to the runs that used them and the model versions registered from those runs', () => {
    const dataset: DatasetSummary = {
      name: 'train', digest: 'd1', source_type: 'local', source: '{"uri": "data/train.csv"}', schema: null, profile: null,
      experiment_id: '1', runs: [{ run_id: 'r1', experiment_id: '1', context: 'training' }, { run_id: 'r2', experiment_id: '1', context: 'eval' }],
    };
    const unused: DatasetSummary = { ...dataset, digest: 'd2', runs: [{ run_id: 'r9', experiment_id: '1', context: null }] };
    const models = [
      model('churn', [modelVersion('churn', '2', 'r2'), modelVersion('churn', '10', 'r1'), modelVersion('churn', '3', null)]),
      model('aaa', [modelVersion('aaa', '1', 'r1')]),
    ];
    const [used, other] = datasetLineage([dataset, unused], models);
    assert.deepEqual(used.runs.map((r) => r.run_id), ['r1', 'r2']);
    assert.deepEqual(used.modelVersions.map((v) => `${v.name}/${v.version}`), ['aaa/1', 'churn/2', 'churn/10']);
    assert.deepEqual(other.modelVersions, []);
    assert.deepEqual([...modelVersionsByRun(models).keys()].sort(), ['r1', 'r2']);
  });
});

// History: c1 adds the data (aaa), c2 changes code only, c3 changes the data (bbb), c4 code.
const hash = (n: number) => String(n).repeat(40);
const linear: CommitNode[] = [4, 3, 2, 1].map((n) => ({ commit: hash(n), parents: n > 1 ? [hash(n - 1)] : [] }));

function version(n: number, change: DvcOutputVersion['change'], before: string | null, after: string | null): DvcOutputVersion {
  const state = (h: string | null) => (h === null ? null : { path: 'data/train.csv', hash: h, hashKind: 'md5' as const, isDirectory: false });
  return {
    commit: { commit: hash(n), shortCommit: hash(n).slice(0, 7), date: n, author: 'a', subject: `c${n}` },
    definedIn: 'data/train.csv.dvc', declaredPath: 'train.csv', change, before: state(before), after: state(after), sizeDelta: null, fileCountDelta: null,
  };
}
const versions = [version(3, 'modified', 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'), version(1, 'added', null, 'aaaaaaaaaaaaaaaa')];

describe('DVC output lineage to runs', () => {
  const link = (runs: Run[], graph = linear, historyComplete = true) =>
    linkRunsToDvcOutput({ versions, commitGraph: graph, historyComplete, workspaceRoot: '/ws' }, runs);
  const summary = (lineage: ReturnType<typeof link>) => lineage.links.map((l) => [l.run_id, l.version?.commit.subject ?? null, l.reasons]);

  it('links a run to the version in effect at its commit: the version commit itself or a later one before the next', () => {
    const lineage = link([run('at1', { commit: hash(1) }), run('at2', { commit: hash(2) }), run('at3', { commit: hash(3) }), run('at4', { commit: hash(4).toUpperCase() })]);
    assert.deepEqual(summary(lineage), [['at1', 'c1', ['commit']], ['at2', 'c1', ['commit']], ['at3', 'c3', ['commit']], ['at4', 'c3', ['commit']]]);
  });

  it('says a commit outside the history is unknown rather than guessing, and no run used data before it existed', () => {
    const graph = [...linear, { commit: hash(0), parents: [] }];
    graph[3] = { commit: hash(1), parents: [hash(0)] };
    const lineage = link([run('stranger', { commit: 'f'.repeat(40) }), run('before', { commit: hash(0) })], graph);
    assert.deepEqual(lineage.links, []);
    assert.deepEqual(lineage.unknownCommits.map((u) => [u.run_id, u.reason]), [['stranger', 'the commit is not in the loaded history of HEAD']]);
  });

  it('does not call a commit whose ancestors were cut from the history "before the data existed"', () => {
    const lineage = link([run('old', { commit: hash(2) })], linear.slice(0, 3), false);
    assert.deepEqual(lineage.unknownCommits.map((u) => [u.run_id, u.reason]), [['old', 'the history before the commit is not loaded']]);
  });

  it('matches MLflow digests to version hashes, exactly or by MLflow’s shortened prefix', () => {
    const lineage = link([run('full', { datasets: [{ digest: 'aaaaaaaaaaaaaaaa', source: '' }] }), run('short', { datasets: [{ digest: 'BBBBBBBB', source: '' }] }), run('tooShort', { datasets: [{ digest: 'bbb', source: '' }] })]);
    assert.deepEqual(summary(lineage), [['full', 'c1', ['digest']], ['short', 'c3', ['digest']]]);
  });

  it('matches sources naming the output path (JSON uri, file URI, absolute in the workspace) and places them by commit', () => {
    const lineage = link([
      run('relative', { commit: hash(2), datasets: [{ digest: 'x', source: '{"uri": "data/train.csv"}' }] }),
      run('fileUri', { datasets: [{ digest: 'x', source: '{"uri": "file:///ws/data/train.csv"}' }] }),
      run('elsewhere', { datasets: [{ digest: 'x', source: '{"uri": "data/test.csv"}' }] }),
    ]);
    assert.deepEqual(summary(lineage), [['relative', 'c1', ['source', 'commit']], ['fileUri', null, ['source']]]);
  });

  it('resolves a merge to the newer version and a merge of unrelated versions to unknown', () => {
    // c5 branches off c2 (before c3's change) and c6 merges it into c4: the merge keeps c3's version.
    const merged: CommitNode[] = [
      { commit: hash(6), parents: [hash(4), hash(5)] },
      { commit: hash(5), parents: [hash(2)] },
      ...linear,
    ];
    assert.deepEqual(summary(link([run('m', { commit: hash(6) }), run('side', { commit: hash(5) })], merged)), [['m', 'c3', ['commit']], ['side', 'c1', ['commit']]]);
    const sideVersion = version(5, 'modified', 'aaaaaaaaaaaaaaaa', 'cccccccccccccccc');
    const conflict = linkRunsToDvcOutput({ versions: [...versions, sideVersion], commitGraph: merged, historyComplete: true }, [run('m', { commit: hash(6) })]);
    assert.deepEqual(conflict.unknownCommits.map((u) => u.reason), ['merged branches hold different versions']);
  });

  it('does not link a run to an output its commit had removed', () => {
    const removed = [version(4, 'removed', 'bbbbbbbbbbbbbbbb', null), ...versions];
    const lineage = linkRunsToDvcOutput({ versions: removed, commitGraph: linear, historyComplete: true }, [run('after', { commit: hash(4) })]);
    assert.deepEqual([lineage.links, lineage.unknownCommits], [[], []]);
  });
});
