import * as assert from 'node:assert/strict';
import { parseDvcDefinition } from '../../../src/core/datasets/dvcFileParser';
import { type DvcFileSnapshot, outputVersions } from '../../../src/core/datasets/dvcVersions';

const commit = (n: number) => ({ commit: String(n).repeat(40), shortCommit: String(n).repeat(7), date: n * 1000, author: 'a', subject: `c${n}` });
const dvcFile = (md5: string, size: number, extra = '') => `outs:\n- md5: ${md5}\n  hash: md5\n  size: ${size}\n  path: train.csv\n${extra}`;
const snapshot = (n: number, text: string | null, definedIn = 'data/train.csv.dvc'): DvcFileSnapshot => ({
  commit: commit(n),
  definedIn,
  content: text === null ? null : parseDvcDefinition(text, definedIn),
});

describe('DVC output versions', () => {
  it('says what each commit changed: added, modified with size delta, removed', () => {
    const versions = outputVersions([snapshot(1, dvcFile('aaa', 100)), snapshot(2, dvcFile('bbb', 150)), snapshot(3, null)]);
    assert.deepEqual(
      versions.map((v) => [v.commit.subject, v.change, v.before?.hash ?? null, v.after?.hash ?? null, v.sizeDelta]),
      [
        ['c1', 'added', null, 'aaa', 100],
        ['c2', 'modified', 'aaa', 'bbb', 50],
        ['c3', 'removed', 'bbb', null, -150],
      ],
    );
  });

  it('skips commits that touched the file without changing the output', () => {
    const versions = outputVersions([snapshot(1, dvcFile('aaa', 100)), snapshot(2, `${dvcFile('aaa', 100)}meta:\n  owner: me\n`)]);
    assert.deepEqual(versions.map((v) => v.commit.subject), ['c1']);
  });

  it('follows an output across a move of its .dvc file (same declared path, new folder)', () => {
    const versions = outputVersions([snapshot(1, dvcFile('aaa', 100)), snapshot(2, dvcFile('aaa', 100), 'datasets/train.csv.dvc')]);
    assert.deepEqual(versions.map((v) => [v.change, v.after?.path]), [['added', 'data/train.csv'], ['modified', 'datasets/train.csv']]);
  });

  it('reports file-count deltas of directory outputs and uses a baseline only as the state before', () => {
    const dir = (md5: string, nfiles: number) => `outs:\n- md5: ${md5}.dir\n  size: 10\n  nfiles: ${nfiles}\n  path: images\n`;
    const versions = outputVersions([snapshot(1, dir('aaa', 3), 'images.dvc'), snapshot(2, dir('bbb', 5), 'images.dvc')], { baseline: true });
    assert.deepEqual(versions.map((v) => [v.change, v.fileCountDelta, v.sizeDelta]), [['modified', 2, 0]]);
  });

  it('tells the outputs of one dvc.lock apart by path and keeps their stage', () => {
    const lock = (a: string, b: string) => `schema: '2.0'\nstages:\n  prep:\n    outs:\n    - path: p\n      md5: ${a}\n  train:\n    outs:\n    - path: m\n      md5: ${b}\n`;
    const versions = outputVersions([snapshot(1, lock('a1', 'b1'), 'dvc.lock'), snapshot(2, lock('a1', 'b2'), 'dvc.lock')]);
    assert.deepEqual(versions.map((v) => [v.commit.subject, v.stage, v.change]), [['c1', 'prep', 'added'], ['c1', 'train', 'added'], ['c2', 'train', 'modified']]);
    assert.equal(versions[2].sizeDelta, null);
  });
});
