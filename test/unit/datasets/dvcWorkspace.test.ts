import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDvcFiles } from '../../../src/core/datasets/dvcFileFinder';
import { loadDvcWorkspace } from '../../../src/core/datasets/dvcWorkspace';
import { makeTempDir } from '../../support/tempDir';

describe('DVC files in a workspace', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir('dvc-workspace')));
  afterEach(() => cleanup());

  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  };
  const out = (p: string) => `outs:\n- md5: aaaa\n  hash: md5\n  path: ${p}\n`;

  it('finds .dvc files and dvc.lock, skipping tool folders', async () => {
    write('data/train.csv.dvc', out('train.csv'));
    write('dvc.lock', "schema: '2.0'\nstages: {}\n");
    write('a/b/c/deep.dvc', out('deep'));
    for (const skipped of ['node_modules/pkg', '.git', '.dvc/cache', '.venv/lib']) write(`${skipped}/x.dvc`, out('x'));
    write('data/notes.txt', 'not dvc');
    write('other/.dvc', 'a file named .dvc is not a definition');
    const found = await findDvcFiles(dir);
    assert.deepEqual(found.files, ['a/b/c/deep.dvc', 'data/train.csv.dvc', 'dvc.lock']);
    assert.equal(found.truncated, false);
  });

  it('stops at the depth and count limits and says so', async () => {
    write('a/b/c/deep.dvc', out('deep'));
    write('top.dvc', out('top'));
    const shallow = await findDvcFiles(dir, { maxDepth: 2 });
    assert.deepEqual([shallow.files, shallow.truncated], [['top.dvc'], true]);
    write('second.dvc', out('second'));
    const few = await findDvcFiles(dir, { maxFiles: 1 });
    assert.deepEqual([few.files.length, few.truncated], [1, true]);
  });

  it('is cancellable', async () => {
    write('x.dvc', out('x'));
    await assert.rejects(findDvcFiles(dir, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  it('returns the outputs of every readable file and a problem for each broken one', async () => {
    write('data/train.csv.dvc', out('train.csv'));
    write('data/broken.dvc', 'outs: [\n');
    write('dvc.lock', "schema: '2.0'\nstages:\n  train:\n    outs:\n    - path: model.pkl\n      md5: bbbb\n");
    const workspace = await loadDvcWorkspace(dir);
    assert.deepEqual(workspace.outputs.map((o) => [o.path, o.definedIn]), [
      ['data/train.csv', 'data/train.csv.dvc'],
      ['model.pkl', 'dvc.lock'],
    ]);
    assert.deepEqual(workspace.problems.map((p) => p.item), ['data/broken.dvc']);
  });
});
