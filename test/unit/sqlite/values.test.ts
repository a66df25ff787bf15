import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteFile, type SqlValue } from '../../../src/core/sqlite';
import { makeTempDir } from '../../support/tempDir';
import { buildFixture, pythonQuery } from './sqlitePython';

function readAll(db: string, table: string): SqlValue[][] {
  const file = SqliteFile.open(db);
  try {
    return file.read((snapshot) => [...snapshot.table(table).scan()]);
  } finally {
    file.close();
  }
}

const layouts: [pageSize: number, encoding: string, reservedBytes: number][] = [
  [512, 'UTF-8', 0],
  [4096, 'UTF-8', 0],
  [65536, 'UTF-8', 0],
  [4096, 'UTF-16le', 0],
  [1024, 'UTF-16be', 0],
  [4096, 'UTF-8', 32],
  [1024, 'UTF-16le', 100],
];

const ENCODING_CODES: Record<string, number> = { 'UTF-8': 1, 'UTF-16le': 2, 'UTF-16be': 3 };

describe('sqlite reader: values', function () {
  this.timeout(60_000);
  const temp = makeTempDir('sqlite-values');
  after(() => temp.cleanup());

  for (const [pageSize, encoding, reserved] of layouts) {
    describe(`page size ${pageSize}, ${encoding}, ${reserved} reserved bytes per page`, () => {
      const db = path.join(temp.dir, `values-${pageSize}-${encoding}-${reserved}.db`);
      before(() => {
        buildFixture('values_db.py', [db, String(pageSize), encoding, String(reserved)]);
        const header = fs.readFileSync(db).subarray(0, 100);
        assert.equal(header.readUInt16BE(16), pageSize === 65536 ? 1 : pageSize, 'the fixture has the page size');
        assert.equal(header[20], reserved, 'the fixture reserves the bytes');
        assert.equal(header.readUInt32BE(56), ENCODING_CODES[encoding], 'the fixture has the encoding');
      });

      it('decodes every serial type as Python sqlite3 does', () => {
        const rows = readAll(db, 'mixed');
        assert.deepEqual(rows, pythonQuery(db, 'SELECT id, v, note FROM mixed ORDER BY rowid'));
        assert.ok(rows.length > 40);
        assert.ok(rows.some((row) => typeof row[1] === 'bigint'), 'integers beyond 2^53 come back as bigint');
      });

      it('joins 100 KB texts and blobs from overflow pages', () => {
        const rows = readAll(db, 'big');
        assert.deepEqual(rows, pythonQuery(db, 'SELECT * FROM big ORDER BY rowid'));
        assert.equal((rows[0][2] as string).length, 100_000);
        assert.equal((rows[1][2] as Uint8Array).length, 100_000);
      });

      it('returns the rowid for an INTEGER PRIMARY KEY, including negative and 64-bit ones', () => {
        const rows = readAll(db, 'aliased');
        assert.deepEqual(rows, pythonQuery(db, 'SELECT k, name FROM aliased ORDER BY rowid'));
        assert.equal(rows[0][0], -(2n ** 63n));
        assert.equal(rows[rows.length - 1][0], 2n ** 63n - 1n);
      });

      it('finds rows by rowid, and nothing for absent rowids', () => {
        const file = SqliteFile.open(db);
        try {
          file.read((snapshot) => {
            const aliased = snapshot.table('aliased');
            assert.deepEqual(aliased.getByRowid(-(2n ** 63n)), [-(2n ** 63n), `k${-(2n ** 63n)}`]);
            assert.deepEqual(aliased.getByRowid(7), [7, 'k7']);
            assert.deepEqual(aliased.getByRowid(7n), [7, 'k7']);
            assert.deepEqual(aliased.getByRowid(2 ** 40), [2 ** 40, `k${2 ** 40}`]);
            assert.equal(aliased.getByRowid(8), undefined);
            assert.equal(aliased.getByRowid(-(2n ** 62n)), undefined);
            const big = snapshot.table('big');
            assert.equal((big.getByRowid(1)?.[2] as string).length, 100_000);
          });
        } finally {
          file.close();
        }
      });

      it('seeks an index whose keys overflow, matching Python', () => {
        const file = SqliteFile.open(db);
        try {
          const expectedKeys = pythonQuery(db, 'SELECT body, tail FROM big ORDER BY body, tail');
          const bigText = expectedKeys.find((row) => row[1] === 1)![0] as string;
          file.read((snapshot) => {
            const index = snapshot.table('big').index('big_by_body');
            assert.deepEqual(index.columns, ['body', 'tail']);
            const entries = [...index.entriesWithPrefix([])];
            assert.deepEqual(entries.map((e) => e.slice(0, 2)), expectedKeys);
            const rows = [...index.rowsWithPrefix([bigText])];
            assert.deepEqual(rows.map((r) => r[1]), ['text']);
            assert.deepEqual([...index.rowsWithPrefix([bigText.slice(0, 64_000)])].map((r) => r[3]), [64_000]);
            assert.deepEqual([...index.rowsWithPrefix([bigText.slice(0, 63_999)])], []);
            assert.deepEqual([...index.rowsWithPrefix(['tiny', 4])].map((r) => r[1]), ['small']);
          });
        } finally {
          file.close();
        }
      });
    });
  }
});
