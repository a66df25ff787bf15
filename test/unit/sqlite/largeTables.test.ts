import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as path from 'node:path';
import { SqliteFile, type SqlValue } from '../../../src/core/sqlite';
import { makeTempDir } from '../../support/tempDir';
import { buildFixture, pythonQuery } from './sqlitePython';

const PAGE_SIZE = 1024;

/** Counts the page reads the reader makes while fn runs (it reads every page with fs.readSync). */
function countReads(fn: () => void): number {
  const original = nodeFs.readSync;
  let reads = 0;
  nodeFs.readSync = ((...args: Parameters<typeof fs.readSync>) => {
    reads++;
    return original(...args);
  }) as typeof fs.readSync;
  try {
    fn();
  } finally {
    nodeFs.readSync = original;
  }
  return reads;
}

function pageType(db: string, pgno: number): number {
  const fd = fs.openSync(db, 'r');
  try {
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, (pgno - 1) * PAGE_SIZE + (pgno === 1 ? 100 : 0));
    return byte[0];
  } finally {
    fs.closeSync(fd);
  }
}

describe('sqlite reader: large tables and index seeks', function () {
  this.timeout(120_000);
  const temp = makeTempDir('sqlite-large');
  const db = path.join(temp.dir, 'large.db');
  let file: SqliteFile;
  let runs: string[];

  before(() => {
    buildFixture('large_db.py', [db, String(PAGE_SIZE)]);
    file = SqliteFile.open(db);
    runs = pythonQuery(db, 'SELECT DISTINCT run_uuid FROM metrics ORDER BY run_uuid').map((row) => row[0] as string);
  });
  after(() => {
    file?.close();
    temp.cleanup();
  });

  it('uses trees of several levels (the fixture is what these tests need)', () => {
    const roots = pythonQuery(db, "SELECT name, rootpage FROM sqlite_schema WHERE name IN ('metrics', 'index_metrics_run_uuid_key_step')");
    for (const [name, root] of roots) {
      assert.equal(pageType(db, root as number), name === 'metrics' ? 5 : 2, `${name} has an interior root page`);
    }
  });

  it('scans 120k rows in rowid order exactly as Python reads them', () => {
    const ours = file.read((snapshot) => [...snapshot.table('metrics').scan()]);
    const python = pythonQuery(db, 'SELECT * FROM metrics ORDER BY rowid');
    assert.equal(ours.length, 120_120);
    assert.deepEqual(ours, python);
  });

  it('counts rows without decoding them', () => {
    file.read((snapshot) => {
      assert.equal(snapshot.table('metrics').rowCount(), 120_120);
      assert.equal(snapshot.table('numbers').rowCount(), 100_000);
    });
  });

  it('finds rows by rowid across the whole tree', () => {
    const sample = pythonQuery(db, 'SELECT rowid, * FROM numbers WHERE rowid % 997 = 1 ORDER BY rowid');
    file.read((snapshot) => {
      const numbers = snapshot.table('numbers');
      for (const [rowid, ...row] of sample) assert.deepEqual(numbers.getByRowid(rowid as number), row);
      assert.equal(numbers.getByRowid(0), undefined);
      assert.equal(numbers.getByRowid(100_001), undefined);
    });
  });

  it('seeks text prefixes (run, key) and (run, key, step) like WHERE ... ORDER BY the index', () => {
    const cases: SqlValue[][] = [
      [runs[0], 'loss'],
      [runs[17], 'val/loss'],
      [runs[39], 'accuracy'],
      [runs[5]],
      [runs[5], 'loss', 500], // a step logged twice
      [runs[5], 'loss', 999],
      [runs[5], 'missing-key'],
      ['0'.repeat(32), 'loss'], // before every run
      ['f'.repeat(33)], // after every run
      [runs[3], 'loss', 1000],
    ];
    const columns = ['run_uuid', 'key', 'step'];
    file.read((snapshot) => {
      const index = snapshot.table('metrics').indexOn(['run_uuid', 'key']);
      assert.equal(index?.name, 'index_metrics_run_uuid_key_step');
      for (const prefix of cases) {
        const where = prefix.map((_, i) => `${columns[i]} = ?`).join(' AND ');
        const order = 'ORDER BY run_uuid, key, step, rowid';
        const rows = pythonQuery(db, `SELECT * FROM metrics WHERE ${where} ${order}`, prefix);
        const entries = pythonQuery(db, `SELECT run_uuid, key, step, rowid FROM metrics WHERE ${where} ${order}`, prefix);
        assert.deepEqual([...index!.rowsWithPrefix(prefix)], rows, `rows for ${JSON.stringify(prefix)}`);
        assert.deepEqual([...index!.entriesWithPrefix(prefix)], entries, `entries for ${JSON.stringify(prefix)}`);
      }
      assert.equal([...index!.rowsWithPrefix([runs[5], 'loss', 500])].length, 2);
    });
  });

  it('seeks integer prefixes, negative ones and absent ones, with duplicates', () => {
    const cases: SqlValue[][] = [[-50], [0], [50], [51], [-51], [7, 0], [7, 1], [7, 2], [3, 123456789], [-3]];
    file.read((snapshot) => {
      const index = snapshot.table('numbers').index('numbers_by_grp_n');
      for (const prefix of cases) {
        const where = prefix.map((_, i) => `${['grp', 'n'][i]} = ?`).join(' AND ');
        const expected = pythonQuery(db, `SELECT * FROM numbers WHERE ${where} ORDER BY grp, n, rowid`, prefix);
        assert.deepEqual([...index.rowsWithPrefix(prefix)], expected, `rows for ${JSON.stringify(prefix)}`);
      }
      assert.ok([...index.rowsWithPrefix([7, 0])].length > 10, 'the fixture has duplicate keys');
      // Like `WHERE grp = '7'`: the INTEGER column's affinity turns the text into a number.
      assert.deepEqual([...index.rowsWithPrefix(['7'])], [...index.rowsWithPrefix([7])]);
    });
  });

  it('finds the first match by descending the tree, not by scanning the index', () => {
    const fresh = SqliteFile.open(db);
    try {
      const [run, key] = [runs[20], 'val/loss'];
      const reads = countReads(() =>
        fresh.read((snapshot) => {
          const index = snapshot.table('metrics').index('index_metrics_run_uuid_key_step');
          assert.deepEqual([...index.entriesWithPrefix([run, key, 999])].length, 1);
        }),
      );
      const pages = fs.statSync(db).size / PAGE_SIZE;
      assert.ok(reads > 0, 'the reads were counted');
      // Schema pages plus one root-to-leaf path; scanning the index would read thousands.
      assert.ok(reads < 30, `${reads} page reads of ${pages} pages for one entry`);
    } finally {
      fresh.close();
    }
  });
});
