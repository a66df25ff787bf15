import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteFile, type SqlValue } from '../../../src/core/sqlite';
import { makeTempDir } from '../../support/tempDir';
import { PythonProcess } from './pythonProcess';

interface CommittedState {
  rows: SqlValue[][];
  walSize: number;
}

function readRows(db: string): SqlValue[][] {
  const file = SqliteFile.open(db);
  try {
    return file.read((snapshot) => [...snapshot.table('t').scan()]);
  } finally {
    file.close();
  }
}

/** Copies the database and a WAL changed by `damage` into a fresh directory. */
function copyWith(from: string, to: string, damage: (wal: Buffer) => Buffer): string {
  fs.mkdirSync(to, { recursive: true });
  const db = path.join(to, 'copy.db');
  fs.copyFileSync(from, db);
  fs.writeFileSync(`${db}-wal`, damage(fs.readFileSync(`${from}-wal`)));
  return db;
}

/** Rewrites a WAL as a big-endian host would have written it: magic 0x377f0683, checksums over big-endian words. */
function withBigEndianChecksums(wal: Buffer): Buffer {
  const out = Buffer.from(wal);
  const pageSize = out.readUInt32BE(8);
  let s0 = 0;
  let s1 = 0;
  const add = (start: number, end: number): void => {
    for (let i = start; i < end; i += 8) {
      s0 = (s0 + out.readUInt32BE(i) + s1) >>> 0;
      s1 = (s1 + out.readUInt32BE(i + 4) + s0) >>> 0;
    }
  };
  out.writeUInt32BE(0x377f0683, 0);
  add(0, 24);
  out.writeUInt32BE(s0, 24);
  out.writeUInt32BE(s1, 28);
  for (let frame = 32; frame + 24 + pageSize <= out.length; frame += 24 + pageSize) {
    add(frame, frame + 8);
    add(frame + 24, frame + 24 + pageSize);
    out.writeUInt32BE(s0, frame + 16);
    out.writeUInt32BE(s1, frame + 20);
  }
  return out;
}

describe('sqlite reader: WAL mode', function () {
  this.timeout(60_000);
  const temp = makeTempDir('sqlite-wal');
  const db = path.join(temp.dir, 'wal.db');
  let holder: PythonProcess;
  let state1: CommittedState;
  let state2: CommittedState;
  let uncommittedWalSize: number;

  before(async () => {
    holder = PythonProcess.start('wal_holder.py', [db]);
    state1 = JSON.parse(await holder.line('state1 ')) as CommittedState;
    state2 = JSON.parse(await holder.line('state2 ')) as CommittedState;
    uncommittedWalSize = (JSON.parse(await holder.line('uncommitted ')) as { walSize: number }).walSize;
    await holder.line('ready');
  });
  after(async () => {
    await holder?.finish();
    temp.cleanup();
  });

  it('reads committed frames from the WAL, ignoring uncommitted ones, while a writer holds the database', () => {
    assert.ok(uncommittedWalSize > state2.walSize, 'the open transaction spilled frames into the WAL');
    assert.ok(fs.existsSync(`${db}-wal`));
    const rows = readRows(db);
    assert.equal(rows.length, state2.rows.length);
    assert.deepEqual(rows, state2.rows);
  });

  it('sees only the checkpointed content without the WAL (so the WAL really was applied)', () => {
    const bare = path.join(temp.dir, 'bare');
    fs.mkdirSync(bare);
    fs.copyFileSync(db, path.join(bare, 'bare.db'));
    const rows = readRows(path.join(bare, 'bare.db'));
    assert.equal(rows.length, 2000);
    assert.notDeepEqual(rows, state2.rows);
  });

  it('never writes or creates files next to the database', () => {
    const before = fs.readdirSync(temp.dir).sort();
    const stat = fs.statSync(db);
    readRows(db);
    assert.deepEqual(fs.readdirSync(temp.dir).sort(), before);
    assert.equal(fs.statSync(db).mtimeMs, stat.mtimeMs);
  });

  it('ignores a torn frame after the last commit', () => {
    const copy = copyWith(db, path.join(temp.dir, 'torn-after'), (wal) => wal.subarray(0, state2.walSize + 1000));
    assert.deepEqual(readRows(copy), state2.rows);
  });

  it('drops the last transaction when its commit frame is torn', () => {
    const copy = copyWith(db, path.join(temp.dir, 'torn-commit'), (wal) => wal.subarray(0, state2.walSize - 100));
    assert.deepEqual(readRows(copy), state1.rows);
  });

  it('drops the last transaction when one of its frames fails the checksum', () => {
    const copy = copyWith(db, path.join(temp.dir, 'bad-checksum'), (wal) => {
      const damaged = Buffer.from(wal.subarray(0, state2.walSize));
      damaged[state1.walSize + 24 + 50] ^= 0xff; // inside the page image of state 2's first frame
      return damaged;
    });
    assert.deepEqual(readRows(copy), state1.rows);
  });

  it('ignores a WAL whose header checksum is wrong', () => {
    const copy = copyWith(db, path.join(temp.dir, 'bad-header'), (wal) => {
      const damaged = Buffer.from(wal);
      damaged[12] ^= 0xff; // the checkpoint sequence: no frame refers to it, only the header checksum
      return damaged;
    });
    assert.equal(readRows(copy).length, 2000);
  });

  it('verifies big-endian checksums when the magic asks for them (WALs written on big-endian hosts)', () => {
    const copy = copyWith(db, path.join(temp.dir, 'big-endian'), (wal) => withBigEndianChecksums(wal.subarray(0, state2.walSize)));
    assert.deepEqual(readRows(copy), state2.rows);
    const broken = copyWith(db, path.join(temp.dir, 'big-endian-broken'), (wal) => {
      const damaged = withBigEndianChecksums(wal.subarray(0, state2.walSize));
      damaged[state2.walSize - 1] ^= 0xff;
      return damaged;
    });
    assert.deepEqual(readRows(broken), state1.rows);
  });

  it('follows commits made after an earlier read, over the frames of a rolled-back transaction', async () => {
    const live = SqliteFile.open(db);
    try {
      assert.deepEqual(live.read((snapshot) => [...snapshot.table('t').scan()]), state2.rows);
      holder.send('commit');
      const state3 = JSON.parse(await holder.line('state3 ')) as CommittedState;
      assert.equal(state3.walSize, uncommittedWalSize, 'the WAL did not grow: the new commit overwrote frames of the rolled-back one');
      assert.deepEqual(live.read((snapshot) => [...snapshot.table('t').scan()]), state3.rows);
      assert.deepEqual(readRows(db), state3.rows);
    } finally {
      live.close();
    }
  });
});
