import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreFileCache } from '../../../src/core/tracking/file/storeFileCache';
import { makeTempDir } from '../../support/tempDir';

// Files and folders written a minute ago count as settled; a fresh write does not.
function age(target: string, secondsAgo = 60): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(target, when, when);
}

describe('file store cache', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let parses: number;
  const parse = (bytes: Buffer) => {
    parses++;
    return bytes.toString();
  };
  beforeEach(() => {
    temp = makeTempDir('file-cache');
    parses = 0;
  });
  afterEach(() => temp.cleanup());

  it('parses a settled file once while its mtime and size stay, again once either changes', () => {
    const file = path.join(temp.dir, 'metric');
    fs.writeFileSync(file, '1 2 3\n');
    age(file);
    const cache = new StoreFileCache();
    assert.equal(cache.read(file, parse), '1 2 3\n');
    assert.equal(cache.read(file, parse), '1 2 3\n');
    assert.equal(parses, 1);
    fs.appendFileSync(file, '4 5 6\n');
    assert.equal(cache.read(file, parse), '1 2 3\n4 5 6\n');
    assert.equal(parses, 2);
    // Same size, other content: the modification time tells.
    fs.writeFileSync(file, 'a b c\nd e f\n');
    age(file, 30);
    assert.equal(cache.read(file, parse), 'a b c\nd e f\n');
    assert.equal(parses, 3);
  });

  it('reads a file modified just now again, as the clock may not have ticked since', () => {
    const file = path.join(temp.dir, 'tag');
    fs.writeFileSync(file, 'x');
    const cache = new StoreFileCache();
    cache.read(file, parse);
    cache.read(file, parse);
    assert.equal(parses, 2);
  });

  it('lists a settled folder once, and again when an entry comes or goes', () => {
    const dir = path.join(temp.dir, 'metrics');
    fs.mkdirSync(path.join(dir, 'loss'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'acc'), '');
    age(dir);
    const cache = new StoreFileCache();
    const first = cache.folder(dir);
    assert.deepEqual([...first.names].sort(), ['acc', 'loss']);
    assert.equal(first.isDirectory(first.names.indexOf('loss')), true);
    assert.equal(first.isFile(first.names.indexOf('acc')), true);
    assert.equal(cache.folder(dir), first);
    fs.writeFileSync(path.join(dir, 'f1'), '');
    assert.deepEqual([...cache.folder(dir).names].sort(), ['acc', 'f1', 'loss']);
    fs.rmSync(path.join(dir, 'loss'), { recursive: true });
    assert.deepEqual([...cache.folder(dir).names].sort(), ['acc', 'f1']);
    assert.equal(cache.folder(path.join(temp.dir, 'absent')).exists, false);
  });

  it('remembers a parse failure of a settled file until it changes, and reports a vanished file', () => {
    const file = path.join(temp.dir, 'meta.yaml');
    fs.writeFileSync(file, 'bad');
    age(file);
    const cache = new StoreFileCache();
    const failing = () => {
      parses++;
      throw new Error('broken');
    };
    assert.throws(() => cache.read(file, failing), /broken/);
    assert.throws(() => cache.read(file, failing), /broken/);
    assert.equal(parses, 1);
    fs.rmSync(file);
    assert.throws(() => cache.read(file, failing), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  });
});
