import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitError } from '../../../src/core/git/gitErrors';
import { GitRepository } from '../../../src/core/git/gitRepository';
import { type GitFixture, makeGitFixture } from './gitFixture';

describe('GitRepository checkout and status on a temporary repository', () => {
  let repo: GitFixture;
  let git: GitRepository;
  let first: string;
  let second: string;

  beforeEach(async () => {
    repo = makeGitFixture();
    repo.write('data/train.csv.dvc', 'outs:\n- md5: aaaa\n  path: train.csv\n');
    first = repo.commit('v1', 1_700_000_000);
    repo.write('data/train.csv.dvc', 'outs:\n- md5: bbbb\n  path: train.csv\n');
    second = repo.commit('v2', 1_700_000_100);
    git = (await GitRepository.open(repo.dir)) as GitRepository;
  });
  afterEach(() => repo.cleanup());

  const readDefinition = () => fs.readFileSync(path.join(repo.dir, 'data/train.csv.dvc'), 'utf8');

  it('refuses to check out over uncommitted changes to tracked files, naming them', async () => {
    repo.write('data/train.csv.dvc', 'outs:\n- md5: edited\n  path: train.csv\n');
    assert.equal(await git.isDirty(), true);
    await assert.rejects(git.checkout(first), (error: GitError) => {
      assert.equal(error.code, 'DIRTY_WORK_TREE');
      assert.match(error.message, /uncommitted changes \(data\/train\.csv\.dvc\); commit or stash them/);
      return true;
    });
    assert.equal(await git.headCommit(), second);
    assert.match(readDefinition(), /edited/);
  });

  it('counts a staged change as dirty too', async () => {
    repo.write('new.txt', 'x');
    repo.git('add', 'new.txt');
    await assert.rejects(git.checkout(first), (error: GitError) => error.code === 'DIRTY_WORK_TREE');
  });

  it('checks out an old commit (detached) on a clean tree, untracked files aside, and returns to the branch', async () => {
    repo.write('scratch.txt', 'untracked');
    const before = await git.status();
    assert.deepEqual([before.branch, before.head, before.isDirty], ['main', second, false]);
    assert.deepEqual(before.entries.map((e) => [e.kind, e.path]), [['untracked', 'scratch.txt']]);

    await git.checkout(first.slice(0, 10));
    assert.equal(await git.headCommit(), first);
    assert.match(readDefinition(), /aaaa/);
    assert.equal((await git.status()).branch, null);

    await git.checkout('main');
    assert.deepEqual([(await git.status()).branch, await git.headCommit()], ['main', second]);
    assert.match(readDefinition(), /bbbb/);
  });

  it('rejects names that are options or unknown before touching the work tree', async () => {
    await assert.rejects(git.checkout('--orphan=x'), (error: GitError) => error.code === 'INVALID_ARGUMENT');
    await assert.rejects(git.checkout('no-such-branch'), (error: GitError) => error.code === 'NOT_FOUND');
    await assert.rejects(git.checkout('deadbeefdeadbeef'), (error: GitError) => error.code === 'NOT_FOUND');
    assert.equal(await git.headCommit(), second);
  });
});
