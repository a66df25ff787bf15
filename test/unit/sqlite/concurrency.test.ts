import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { SqliteError, SqliteFile, type SqlValue } from '../../../src/core/sqlite';
import { makeTempDir } from '../../support/tempDir';
import { PythonProcess } from './pythonProcess';
import { buildFixture, pythonQuery } from './sqlitePython';

/** the most the writer commits; the test stops it sooner, once reads and commits have interleaved enough */
const COMMITS = 5000;

/** The totals the writer has after committing batch b (batches b-9..b, three rows each, plus 10000 rows of batch 0). */
function committedState(b: number): string {
  let count = 10_000;
  let sum = 0;
  for (let batch = Math.max(1, b - 9); batch <= b; batch++) {
    count += 3;
    sum += 3 * batch;
  }
  return `${count}/${sum}`;
}

describe('sqlite reader: concurrent writers', function () {
  this.timeout(120_000);
  const temp = makeTempDir('sqlite-concurrency');
  after(() => temp.cleanup());

  describe('a hot journal left by a crashed writer', () => {
    const db = path.join(temp.dir, 'hot.db');
    let committed: SqlValue[][];
    before(() => {
      committed = JSON.parse(buildFixture('hot_journal.py', [db])) as SqlValue[][];
    });

    it('makes read() wait, then fail with BUSY within the timeout', () => {
      assert.ok(fs.statSync(`${db}-journal`).size > 0, 'the fixture left a journal');
      const file = SqliteFile.open(db);
      try {
        const started = Date.now();
        assert.throws(
          () => file.read((snapshot) => [...snapshot.table('t').scan()], { busyTimeoutMs: 300 }),
          (error: unknown) => error instanceof SqliteError && error.code === 'BUSY' && error.message.includes(db) && /journal/.test(error.message),
        );
        const elapsed = Date.now() - started;
        assert.ok(elapsed >= 290 && elapsed < 2000, `waited ${elapsed} ms`);
      } finally {
        file.close();
      }
    });

    it('reads the committed rows once SQLite has rolled the journal back', () => {
      const file = SqliteFile.open(db);
      try {
        pythonQuery(db, 'SELECT count(*) FROM t'); // opening the database rolls the hot journal back
        assert.ok(!fs.existsSync(`${db}-journal`) || fs.statSync(`${db}-journal`).size === 0);
        assert.deepEqual(file.read((snapshot) => [...snapshot.table('t').scan()], { busyTimeoutMs: 300 }), committed);
      } finally {
        file.close();
      }
    });
  });

  for (const mode of ['delete', 'wal']) {
    it(`returns only committed states while a Python process commits in a loop (journal_mode=${mode})`, async () => {
      const db = path.join(temp.dir, `busy-${mode}.db`);
      const writer = PythonProcess.start('busy_writer.py', [db, mode, String(COMMITS)]);
      try {
        await writer.line('ready');
        const valid = new Set(Array.from({ length: COMMITS + 1 }, (_, b) => committedState(b)));
        const seen = new Set<string>();
        const file = SqliteFile.open(db);
        let reads = 0;
        let attempts = 0;
        try {
          while (writer.running && !(seen.size >= 20 && attempts - reads >= 3)) {
            const { scanned, totals } = file.read((snapshot) => {
              attempts++;
              const [, totalCount, totalSum] = snapshot.table('totals').getByRowid(1)!;
              let count = 0;
              let sum = 0;
              for (const row of snapshot.table('items').scan()) {
                count++;
                sum += row[1] as number;
              }
              return { scanned: `${count}/${sum}`, totals: `${totalCount}/${totalSum}` };
            });
            reads++;
            assert.equal(scanned, totals, `read ${reads}: the rows disagree with the totals committed with them`);
            assert.ok(valid.has(scanned), `read ${reads}: ${scanned} is no state the writer committed`);
            seen.add(scanned);
            await yieldToEvents();
          }
        } finally {
          file.close();
        }
        assert.equal(await writer.finish(), 0, writer.errors);
        assert.ok(seen.size >= 20, `reads interleaved with the writes: ${reads} reads saw ${seen.size} states`);
        assert.ok(attempts > reads, `some reads overlapped a commit and were retried (${attempts} attempts for ${reads} reads)`);
      } finally {
        writer.stop();
      }
    });
  }
});
