import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SqliteError, SqliteFile, type Snapshot } from '../../../src/core/sqlite';
import { parseCreateTable } from '../../../src/core/sqlite/createTable';
import { makeTempDir } from '../../support/tempDir';
import { buildFixture, pythonQuery } from './sqlitePython';

describe('sqlite reader: schema', function () {
  this.timeout(60_000);
  const temp = makeTempDir('sqlite-schema');
  const db = path.join(temp.dir, 'schema.db');
  let file: SqliteFile;
  const read = <T>(fn: (snapshot: Snapshot) => T): T => file.read(fn);

  before(() => {
    buildFixture('schema_db.py', [db]);
    file = SqliteFile.open(db);
  });
  after(() => {
    file?.close();
    temp.cleanup();
  });

  it('lists tables in schema order and finds them case-insensitively', () => {
    const expected = pythonQuery(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid").map((r) => r[0]);
    read((snapshot) => {
      assert.deepEqual(snapshot.tableNames(), expected);
      assert.ok(snapshot.hasTable('EXPERIMENTS'));
      assert.ok(!snapshot.hasTable('nope'));
      assert.equal(snapshot.table('Experiments').name, 'experiments');
      assert.deepEqual([...snapshot.table('sqlite_schema').scan()], pythonQuery(db, 'SELECT * FROM sqlite_schema ORDER BY rowid'));
    });
  });

  it('takes column names from quoted, bracketed and backticked identifiers, skipping table constraints', () => {
    read((snapshot) => {
      const table = snapshot.table('odd "name"');
      assert.deepEqual(table.columns, ['col one', 'col two', 'col three', 'key', 'strcol']);
      assert.equal(table.columnIndex('COL TWO'), 1);
      assert.equal(table.columnIndex('deleted_time'), -1);
      assert.deepEqual([...table.scan()], pythonQuery(db, 'SELECT * FROM "odd ""name""" ORDER BY rowid'));
      const pk = table.indexOn(['col one', 'col two']);
      assert.equal(pk?.name, 'sqlite_autoindex_odd "name"_1');
      assert.deepEqual([...pk!.rowsWithPrefix(['a'])], pythonQuery(db, 'SELECT * FROM "odd ""name""" WHERE "col one" = \'a\' ORDER BY 2'));
    });
  });

  it('derives autoindex columns from PRIMARY KEY and UNIQUE constraints in order of appearance', () => {
    const autoindexes = pythonQuery(db, "SELECT tbl_name, name FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_%' ORDER BY name");
    assert.ok(autoindexes.length >= 5);
    read((snapshot) => {
      for (const [table, name] of autoindexes as string[][]) {
        const expected = pythonQuery(db, `SELECT name FROM pragma_index_info('${name.replace(/'/g, "''")}') ORDER BY seqno`).map((r) => r[0]);
        assert.deepEqual(snapshot.table(table).index(name).columns, expected, name);
      }
      // experiment_id INTEGER + PRIMARY KEY (experiment_id) is the rowid: the UNIQUE gets number 1.
      assert.deepEqual(snapshot.table('experiments').index('sqlite_autoindex_experiments_1').columns, ['workspace', 'name']);
      assert.deepEqual(snapshot.table('experiments').getByRowid(5), [5, 'five', 'default']);
      const byWorkspace = snapshot.table('experiments').indexOn(['workspace']);
      assert.deepEqual([...byWorkspace!.entriesWithPrefix(['default'])], [['default', 'Default', 0], ['default', 'five', 5]]);
    });
  });

  it('gives rows written before ALTER TABLE ADD COLUMN the DEFAULT, converted by column affinity', () => {
    const rows = read((snapshot) => [...snapshot.table('evolving').scan()]);
    assert.deepEqual(rows, pythonQuery(db, 'SELECT * FROM evolving ORDER BY rowid'));
    const columns = read((snapshot) => snapshot.table('evolving').columns);
    const first = Object.fromEntries(columns.map((c, i) => [c, rows[0][i]]));
    assert.equal(first.step, 0); // BIGINT DEFAULT '0': INTEGER affinity turns the text into 0
    assert.equal(first.untyped, '0'); // no type: BLOB affinity keeps the text
    assert.equal(first.t, '1e20');
    assert.equal(first.n, 300000);
    assert.equal(first.missing, null);
    assert.equal(first.bigint, 2n ** 63n - 1n);
  });

  it('seeks DESC and NOCASE indexes in their own order', () => {
    read((snapshot) => {
      const words = snapshot.table('words');
      assert.deepEqual([...words.index('words_desc').entriesWithPrefix([])], pythonQuery(db, 'SELECT w, n, id FROM words ORDER BY w DESC, n, id'));
      assert.deepEqual([...words.index('words_desc').rowsWithPrefix(['abc'])], pythonQuery(db, "SELECT * FROM words WHERE w = 'abc' ORDER BY n"));
      assert.deepEqual(
        [...words.index('words_nocase').rowsWithPrefix(['aBc'])],
        pythonQuery(db, "SELECT * FROM words WHERE w = 'aBc' COLLATE NOCASE ORDER BY id"),
      );
      assert.deepEqual([...words.index('words_nocase').rowsWithPrefix([null])], [[8, null, 7]]);
      assert.deepEqual([...words.index('words_nocase').rowsWithPrefix([Number.NaN])], [[8, null, 7]]); // NaN binds as NULL
      assert.deepEqual([...words.index('words_desc').rowsWithPrefix([3])], [[9, '3', 1]]); // TEXT affinity: 3 is '3'
    });
  });

  it('reads WITHOUT ROWID tables through their primary key and secondary indexes', () => {
    read((snapshot) => {
      const kv = snapshot.table('kv');
      assert.deepEqual(kv.columns, ['k', 'sub', 'v']);
      assert.deepEqual([...kv.scan()], pythonQuery(db, 'SELECT * FROM kv ORDER BY k, sub'));
      assert.equal(kv.rowCount(), 4);
      assert.deepEqual([...kv.index('kv_by_v').rowsWithPrefix(['x'])], pythonQuery(db, "SELECT * FROM kv WHERE v = 'x' ORDER BY k, sub"));
      assert.deepEqual([...kv.indexOn(['k'])!.rowsWithPrefix(['a'])], [['a', 1, 'x'], ['a', 9, 'y']]);
      assert.throws(() => kv.getByRowid(1), (e: unknown) => e instanceof SqliteError && e.code === 'UNSUPPORTED');
    });
  });

  it('reports missing tables and indexes, and tables it cannot read, with SqliteError codes', () => {
    read((snapshot) => {
      assert.throws(() => snapshot.table('runs'), (e: unknown) => e instanceof SqliteError && e.code === 'NO_SUCH_TABLE' && e.message.includes(db));
      assert.throws(() => snapshot.table('words').index('nope'), (e: unknown) => e instanceof SqliteError && e.code === 'NO_SUCH_INDEX' && /words_desc/.test(e.message));
      assert.equal(snapshot.table('words').indexOn(['n']), undefined, 'a partial index does not hold every row');
      assert.deepEqual([...snapshot.table('words').index('words_partial').rowsWithPrefix([4])], [[4, 'abd', 4]]);
      assert.throws(() => snapshot.table('gen'), (e: unknown) => e instanceof SqliteError && e.code === 'UNSUPPORTED' && /"b"/.test(e.message));
    });
  });
});

describe('parseCreateTable', () => {
  it('keeps type names, defaults and keys apart in tricky column definitions', () => {
    const def = parseCreateTable(
      `CREATE TEMP TABLE IF NOT EXISTS main."t" (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        price DOUBLE PRECISION DEFAULT -0.5 CHECK (price > (0)),
        ref INT REFERENCES other(id) ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
        name TEXT CONSTRAINT nn NOT NULL COLLATE nocase UNIQUE ON CONFLICT REPLACE,
        "primary" VARCHAR ( 10 , 2 ),
        UNIQUE (name COLLATE nocase DESC, ref)
      ) WITHOUT ROWID, STRICT`,
    );
    assert.equal(def.name, 't');
    assert.deepEqual(def.columns.map((c) => [c.name, c.declaredType, c.affinity, c.collation]), [
      ['id', 'INTEGER', 'INTEGER', 'BINARY'],
      ['price', 'DOUBLE PRECISION', 'REAL', 'BINARY'],
      ['ref', 'INT', 'INTEGER', 'BINARY'],
      ['name', 'TEXT', 'TEXT', 'NOCASE'],
      ['primary', 'VARCHAR ( 10 , 2 )', 'TEXT', 'BINARY'],
    ]);
    assert.deepEqual(def.columns[1].defaultTokens?.map((t) => t.text), ['-', '0.5']);
    assert.equal(def.columns[2].defaultTokens, undefined); // SET DEFAULT is not a DEFAULT clause
    assert.deepEqual(def.keys.map((k) => [k.kind, k.columns.map((c) => `${c.name}${c.descending ? ' desc' : ''}`)]), [
      ['primary', ['id']],
      ['unique', ['name']],
      ['unique', ['name desc', 'ref']],
    ]);
    assert.equal(def.withoutRowid, true);
  });
});
