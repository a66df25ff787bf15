import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteError, SqliteFile, type SqliteErrorCode } from '../../../src/core/sqlite';
import { makeTempDir } from '../../support/tempDir';
import { buildFixture, pythonQuery } from './sqlitePython';

function failsWith(code: SqliteErrorCode, file: string, detail: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof SqliteError, `expected a SqliteError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.path, file);
    assert.ok(error.message.includes(file), `the message names the file: ${error.message}`);
    assert.match(error.message, detail);
    return true;
  };
}

function readAll(db: string): unknown[] {
  const file = SqliteFile.open(db);
  try {
    return file.read((snapshot) => [...snapshot.table('t').scan()]);
  } finally {
    file.close();
  }
}

describe('sqlite reader: files that are not (intact) databases', function () {
  this.timeout(30_000);
  const temp = makeTempDir('sqlite-errors');
  const good = path.join(temp.dir, 'good.db');
  before(() => buildFixture('small_db.py', [good]));
  after(() => temp.cleanup());

  function variant(name: string, bytes: Buffer): string {
    const file = path.join(temp.dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  it('reports a missing file as IO, without creating it', () => {
    const missing = path.join(temp.dir, 'missing.db');
    assert.throws(() => SqliteFile.open(missing), failsWith('IO', missing, /does not exist/));
    assert.ok(!fs.existsSync(missing));
  });

  it('reports a directory as IO', () => {
    assert.throws(() => SqliteFile.open(temp.dir), failsWith('IO', temp.dir, /not a regular file/));
  });

  it('reports an empty file as NOT_A_DATABASE', () => {
    const empty = variant('empty.db', Buffer.alloc(0));
    assert.throws(() => SqliteFile.open(empty), failsWith('NOT_A_DATABASE', empty, /empty/));
  });

  it('reports random bytes as NOT_A_DATABASE', () => {
    const random = variant('random.db', crypto.randomBytes(64 * 1024));
    assert.throws(() => SqliteFile.open(random), failsWith('NOT_A_DATABASE', random, /not a SQLite database/));
  });

  it('reports a header with an impossible page size as NOT_A_DATABASE', () => {
    const bytes = fs.readFileSync(good);
    bytes.writeUInt16BE(1000, 16);
    const bad = variant('bad-page-size.db', bytes);
    assert.throws(() => SqliteFile.open(bad), failsWith('NOT_A_DATABASE', bad, /page size/));
  });

  it('reports a truncated database as CORRUPT', () => {
    const bytes = fs.readFileSync(good);
    const truncated = variant('truncated.db', bytes.subarray(0, Math.floor(bytes.length / 2)));
    assert.throws(() => readAll(truncated), failsWith('CORRUPT', truncated, /truncated/));
    const stub = variant('stub.db', bytes.subarray(0, 60));
    assert.throws(() => SqliteFile.open(stub), failsWith('NOT_A_DATABASE', stub, /not a SQLite database/));
  });

  it('reports a damaged b-tree page as CORRUPT, naming the table and the page', () => {
    const [[root]] = pythonQuery(good, "SELECT rootpage FROM sqlite_schema WHERE name = 't'");
    const bytes = fs.readFileSync(good);
    const pageSize = bytes.readUInt16BE(16);
    const rootPage = root as number;
    bytes[(rootPage - 1) * pageSize] = 0x07; // not a b-tree page type
    const damaged = variant('damaged.db', bytes);
    assert.throws(() => readAll(damaged), failsWith('CORRUPT', damaged, new RegExp(`table "t".*page ${rootPage}`)));
  });

  it('reports a cell pointer outside its page as CORRUPT', () => {
    const [[root]] = pythonQuery(good, "SELECT rootpage FROM sqlite_schema WHERE name = 't'");
    const bytes = fs.readFileSync(good);
    const pageSize = bytes.readUInt16BE(16);
    const interior = (root as number) - 1;
    assert.equal(bytes[interior * pageSize], 5, 'the fixture table has an interior root');
    bytes.writeUInt16BE(pageSize - 1, interior * pageSize + 12); // first cell pointer
    const damaged = variant('bad-pointer.db', bytes);
    assert.throws(() => readAll(damaged), failsWith('CORRUPT', damaged, /points outside the page/));
  });

  it('refuses to read after close, and a snapshot used after its read() returned', () => {
    const file = SqliteFile.open(good);
    const escaped = file.read((snapshot) => snapshot.table('t').scan());
    assert.throws(() => [...escaped], /after read\(\) returned/);
    file.close();
    assert.throws(() => file.read(() => 1), failsWith('IO', good, /closed/));
  });
});
