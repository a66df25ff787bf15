import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ParsedFileCache } from '../../../src/core/tracking/file/parsedFileCache';
import { makeTempDir } from '../../support/tempDir';

describe('file store parsed-file cache', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir('file-cache')));
  afterEach(() => temp.cleanup());

  it('parses a file once while its mtime and size stay, again once either changes', () => {
    const file = path.join(temp.dir, 'metric');
    fs.writeFileSync(file, '1 2 3\n');
    const cache = new ParsedFileCache();
    let parses = 0;
    const parse = (bytes: Buffer) => {
      parses++;
      return bytes.toString();
    };
    assert.equal(cache.read(file, parse), '1 2 3\n');
    assert.equal(cache.read(file, parse), '1 2 3\n');
    assert.equal(parses, 1);
    fs.appendFileSync(file, '4 5 6\n');
    assert.equal(cache.read(file, parse), '1 2 3\n4 5 6\n');
    assert.equal(parses, 2);
    // Same size, different content: the modification time tells.
    fs.writeFileSync(file, 'a b c\nd e f\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.equal(cache.read(file, parse), 'a b c\nd e f\n');
    assert.equal(parses, 3);
  });

  it('remembers a parse failure until the file changes, and reports a vanished file', () => {
    const file = path.join(temp.dir, 'meta.yaml');
    fs.writeFileSync(file, 'bad');
    const cache = new ParsedFileCache();
    let parses = 0;
    const parse = () => {
      parses++;
      throw new Error('broken');
    };
    assert.throws(() => cache.read(file, parse), /broken/);
    assert.throws(() => cache.read(file, parse), /broken/);
    assert.equal(parses, 1);
    fs.rmSync(file);
    assert.throws(() => cache.read(file, parse), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  });
});
