import * as assert from 'node:assert/strict';
import nodeFs from 'node:fs';
import * as path from 'node:path';
import { SqliteFile } from '../../../src/core/sqlite';
import { makeTempDir } from '../../support/tempDir';
import { buildFixture, pythonQuery } from './sqlitePython';

/** Counts the reads the reader makes while fn runs (pages and headers are read with fs.readSync). */
function countReads<T>(fn: () => T): { result: T; reads: number } {
  const original = nodeFs.readSync;
  let reads = 0;
  nodeFs.readSync = ((...args: Parameters<typeof nodeFs.readSync>) => {
    reads++;
    return original(...args);
  }) as typeof nodeFs.readSync;
  try {
    return { result: fn(), reads };
  } finally {
    nodeFs.readSync = original;
  }
}

describe('sqlite reader: page cache across reads', function () {
  this.timeout(30_000);
  const temp = makeTempDir('sqlite-cache');
  const db = path.join(temp.dir, 'cache.db');
  before(() => buildFixture('small_db.py', [db]));
  after(() => temp.cleanup());

  const scan = (file: SqliteFile): unknown[][] => file.read((snapshot) => [...snapshot.table('t').scan()]);

  it('answers a repeated read from the cache while the file is unchanged', () => {
    const file = SqliteFile.open(db);
    try {
      const first = countReads(() => scan(file));
      const second = countReads(() => scan(file));
      assert.deepEqual(second.result, first.result);
      assert.ok(first.reads > 20, `the first read loads the pages (${first.reads} reads)`);
      assert.ok(second.reads <= 4, `the second read only re-checks the header (${second.reads} reads)`);
    } finally {
      file.close();
    }
  });

  it('drops cached pages when a writer commits between reads', () => {
    const file = SqliteFile.open(db);
    try {
      const before = scan(file);
      buildFixture('execute.py', [db, "UPDATE t SET v = 'changed' WHERE id = 250; INSERT INTO t (v) VALUES ('added')"]);
      const after = scan(file);
      assert.equal(after.length, before.length + 1);
      assert.deepEqual(after, pythonQuery(db, 'SELECT * FROM t ORDER BY rowid'));
    } finally {
      file.close();
    }
  });

  it('stays within cacheBytes', () => {
    const pageSize = nodeFs.readFileSync(db).readUInt16BE(16);
    const file = SqliteFile.open(db, { cacheBytes: 4 * pageSize });
    try {
      const first = countReads(() => scan(file));
      const second = countReads(() => scan(file));
      assert.ok(second.reads > first.reads / 2, `a cache of 4 pages cannot hold the table (${second.reads} of ${first.reads} reads again)`);
    } finally {
      file.close();
    }
  });
});
