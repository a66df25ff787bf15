import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDvcFileHistory, versionsOfOutput } from '../../../src/core/datasets/dvcHistory';
import { loadDvcWorkspace } from '../../../src/core/datasets/dvcWorkspace';
import { linkRunsToDvcOutput } from '../../../src/core/datasets/lineage';
import { GitError } from '../../../src/core/git/gitErrors';
import { GitRepository } from '../../../src/core/git/gitRepository';
import type { Run } from '../../../src/core/tracking/types';
import { makeTempDir } from '../../support/tempDir';
import { type GitFixture, makeGitFixture } from './gitFixture';

const dvcFile = (md5: string, size: number, modern: boolean) =>
  ['outs:', `- md5: ${md5}`, `  size: ${size}`, ...(modern ? ['  hash: md5'] : []), '  path: train.csv', ''].join('\n');
const lock = (prepared: string, nfiles: number) =>
  ["schema: '2.0'", 'stages:', '  prepare:', '    cmd: python prepare.py', '    outs:', '    - path: data/prepared', '      hash: md5',
    `      md5: ${prepared}.dir`, '      size: 2048', `      nfiles: ${nfiles}`, ''].join('\n');

const md5 = (c: string) => c.repeat(32);
const t0 = 1_700_000_000;

describe('DVC versions from a real git history', () => {
  let repo: GitFixture;
  const commits: Record<string, string> = {};

  before(() => {
    repo = makeGitFixture();
    repo.write('data/train.csv.dvc', dvcFile(md5('a'), 100, false));
    repo.write('dvc.lock', lock(md5('1'), 3));
    commits.add = repo.commit('Add training data', t0);
    repo.write('data/train.csv.dvc', dvcFile(md5('b'), 150, true));
    commits.more = repo.commit('More rows (DVC 3)', t0 + 100);
    repo.write('src/train.py', 'print("train")\n');
    commits.code = repo.commit('Training code only', t0 + 200);
    repo.write('data/train.csv.dvc', dvcFile(md5('c'), 120, true));
    repo.write('dvc.lock', lock(md5('2'), 5));
    commits.clean = repo.commit('Drop duplicates', t0 + 300);
    repo.git('mv', 'data/train.csv.dvc', 'data/train-v2.csv.dvc');
    commits.rename = repo.commit('Rename the definition', t0 + 400);
  });
  after(() => repo.cleanup());

  it('opens the repository from a subfolder and nothing outside one', async () => {
    fs.mkdirSync(path.join(repo.dir, 'src', 'deep'), { recursive: true });
    const opened = await GitRepository.open(path.join(repo.dir, 'src', 'deep'));
    assert.equal(opened?.root, fs.realpathSync(repo.dir));
    const outside = makeTempDir('not-a-repo');
    try {
      assert.equal(await GitRepository.open(outside.dir), undefined);
      assert.equal(await GitRepository.open(path.join(outside.dir, 'missing')), undefined);
    } finally {
      outside.cleanup();
    }
  });

  it('lists the file history newest first, following the rename, with dates, authors and subjects', async () => {
    const git = (await GitRepository.open(repo.dir)) as GitRepository;
    const history = await git.fileHistory('data/train-v2.csv.dvc');
    assert.deepEqual(
      history.map((c) => [c.commit, c.change, c.path, c.date, c.subject]),
      [
        [commits.rename, 'renamed', 'data/train-v2.csv.dvc', (t0 + 400) * 1000, 'Rename the definition'],
        [commits.clean, 'modified', 'data/train.csv.dvc', (t0 + 300) * 1000, 'Drop duplicates'],
        [commits.more, 'modified', 'data/train.csv.dvc', (t0 + 100) * 1000, 'More rows (DVC 3)'],
        [commits.add, 'added', 'data/train.csv.dvc', t0 * 1000, 'Add training data'],
      ],
    );
    assert.equal(history[0].author, 'Ada Lovelace');
    assert.equal(history[0].shortCommit, commits.rename.slice(0, history[0].shortCommit.length));
    assert.deepEqual((await git.fileHistory('data/train-v2.csv.dvc', { maxCount: 2 })).map((c) => c.commit), [commits.rename, commits.clean]);
    assert.equal(await git.headCommit(), commits.rename);
  });

  it('reads a file as it was in an old commit, and says when the commit has no such file', async () => {
    const git = (await GitRepository.open(repo.dir)) as GitRepository;
    assert.equal(await git.fileAt(commits.add, 'data/train.csv.dvc'), dvcFile(md5('a'), 100, false));
    assert.equal(await git.fileAt(commits.add, 'data/train-v2.csv.dvc'), undefined);
    assert.equal(await git.fileAt(commits.add, 'data'), undefined, 'a folder is not a file');
    assert.deepEqual(await git.showFile(commits.more, 'data/train.csv.dvc'), Buffer.from(dvcFile(md5('b'), 150, true)));
    await assert.rejects(git.showFile(commits.add, 'nope.txt'), (error: GitError) => error.code === 'NOT_FOUND');
    await assert.rejects(git.fileAt('--output=x', 'dvc.lock'), (error: GitError) => error.code === 'INVALID_ARGUMENT');
    await assert.rejects(git.fileAt(commits.add, '../outside'), (error: GitError) => error.code === 'INVALID_ARGUMENT');
  });

  it('gives each output version with what changed: hash before and after, size delta, added/modified', async () => {
    const git = (await GitRepository.open(repo.dir)) as GitRepository;
    const workspace = await loadDvcWorkspace(repo.dir);
    const output = workspace.outputs.find((o) => o.path === 'data/train.csv');
    assert.ok(output, 'the renamed .dvc file still defines data/train.csv');
    const history = await loadDvcFileHistory(git, repo.dir, output.definedIn);
    assert.equal(history.truncated, false);
    assert.deepEqual(history.problems, []);
    assert.deepEqual(
      versionsOfOutput(history, output).map((v) => [v.commit.subject, v.change, v.before?.hash ?? null, v.after?.hash ?? null, v.after?.hashKind ?? null, v.sizeDelta]),
      [
        ['Drop duplicates', 'modified', md5('b'), md5('c'), 'md5', -30],
        ['More rows (DVC 3)', 'modified', md5('a'), md5('b'), 'md5', 50],
        ['Add training data', 'added', null, md5('a'), 'md5-dos2unix', 100],
      ],
    );
    assert.equal(history.commits.length, 4, 'the rename is a commit of the file but not a new version of the data');
  });

  it('reads the stage outputs of dvc.lock over time, with file-count deltas', async () => {
    const git = (await GitRepository.open(repo.dir)) as GitRepository;
    const history = await loadDvcFileHistory(git, repo.dir, 'dvc.lock');
    assert.deepEqual(
      history.versions.map((v) => [v.stage, v.after?.path, v.change, v.fileCountDelta]),
      [['prepare', 'data/prepared', 'modified', 2], ['prepare', 'data/prepared', 'added', 3]],
    );
  });

  it('cuts the history at maxCount and still says what the oldest shown version changed', async () => {
    const git = (await GitRepository.open(repo.dir)) as GitRepository;
    const history = await loadDvcFileHistory(git, repo.dir, 'data/train-v2.csv.dvc', { maxCount: 2 });
    assert.equal(history.truncated, true);
    assert.deepEqual(history.versions.map((v) => [v.commit.subject, v.change, v.before?.hash]), [['Drop duplicates', 'modified', md5('b')]]);
  });

  it('links runs to the version at their commit through the real commit graph', async () => {
    const git = (await GitRepository.open(repo.dir)) as GitRepository;
    const workspace = await loadDvcWorkspace(repo.dir);
    const output = workspace.outputs.find((o) => o.path === 'data/train.csv');
    assert.ok(output);
    const history = await loadDvcFileHistory(git, repo.dir, output.definedIn);
    const run = (run_id: string, commit: string): Run => ({
      info: { run_id, run_name: run_id, experiment_id: '0', user_id: '', status: 'FINISHED', start_time: null, end_time: null, artifact_uri: '', lifecycle_stage: 'active' },
      data: { metrics: {}, params: {}, tags: { 'mlflow.source.git.commit': commit } },
      inputs: { dataset_inputs: [] },
      outputs: { model_outputs: [] },
    });
    const lineage = linkRunsToDvcOutput(
      { versions: versionsOfOutput(history, output), commitGraph: await git.commitGraph(), historyComplete: !history.truncated },
      [run('on-code-commit', commits.code), run('after-rename', commits.rename)],
    );
    assert.deepEqual(lineage.links.map((l) => [l.run_id, l.version?.commit.subject, l.reasons]), [
      ['on-code-commit', 'More rows (DVC 3)', ['commit']],
      ['after-rename', 'Drop duplicates', ['commit']],
    ]);
  });

  it('stops a git call when its signal is aborted', async () => {
    const git = (await GitRepository.open(repo.dir)) as GitRepository;
    await assert.rejects(git.fileHistory('dvc.lock', { signal: AbortSignal.abort() }), (error: GitError) => error.code === 'CANCELLED');
  });
});
