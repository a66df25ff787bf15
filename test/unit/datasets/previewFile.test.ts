import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { previewFile } from '../../../src/core/datasets/preview/previewFile';
import { PreviewError } from '../../../src/core/datasets/preview/previewTypes';
import { makeTempDir } from '../../support/tempDir';

describe('data file preview', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir('preview')));
  afterEach(() => cleanup());

  const write = (name: string, content: string | Buffer) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };
  const rejectsWith = (promise: Promise<unknown>, pattern: RegExp) =>
    assert.rejects(promise, (error: unknown) => error instanceof PreviewError && pattern.test(error.message));

  describe('CSV and TSV', () => {
    it('reads a BOM, CRLF, quoted delimiters and newlines, empty lines and infers types', async () => {
      const file = write('train.csv', '\ufeffid,name,score,ok,day\r\n1,"Smith, J",3.5,true,2024-01-02\r\n\r\n2,"two\r\nlines",4,false,2024-01-03\r\n');
      const preview = await previewFile(file);
      assert.equal(preview.format, 'csv');
      assert.deepEqual(preview.columns.map((c) => [c.name, c.type]), [['id', 'integer'], ['name', 'string'], ['score', 'float'], ['ok', 'boolean'], ['day', 'date']]);
      assert.deepEqual(preview.rows, [['1', 'Smith, J', '3.5', 'true', '2024-01-02'], ['2', 'two\r\nlines', '4', 'false', '2024-01-03']]);
      assert.deepEqual([preview.rowCount, preview.rowCountExact, preview.problems], [2, true, []]);
      assert.equal(preview.bytesRead, preview.fileSize);
    });

    it('pads short rows, adds columns for long ones and reports both by line', async () => {
      const preview = await previewFile(write('ragged.csv', 'a,b,c\n1,2\n1,2,3,4\n'));
      assert.deepEqual(preview.columns.map((c) => c.name), ['a', 'b', 'c', 'Unnamed: 3']);
      assert.deepEqual(preview.rows, [['1', '2', '', ''], ['1', '2', '3', '4']]);
      assert.deepEqual(preview.problems, [{ line: 2, message: '2 fields where the header has 3' }, { line: 3, message: '4 fields where the header has 3' }]);
    });

    it('reads TSV by extension and sniffs the delimiter of other text files', async () => {
      const tsv = await previewFile(write('data.tsv', 'a\tb,c\n1\t2,5\n'));
      assert.deepEqual([tsv.format, tsv.delimiter, tsv.columns.map((c) => c.name)], ['tsv', '\t', ['a', 'b,c']]);
      const semicolons = await previewFile(write('export.txt', 'name;price\n"a;b";1,5\nc;2\n'));
      assert.deepEqual([semicolons.format, semicolons.delimiter, semicolons.rows], ['csv', ';', [['a;b', '1,5'], ['c', '2']]]);
      const europeanCsv = await previewFile(write('euro.csv', 'x;y\n1,5;2,5\n3;4\n'));
      assert.equal(europeanCsv.delimiter, ';');
    });

    it('reads a UTF-16 file with a byte-order mark', async () => {
      const text = 'name,city\nZoë,Zürich\n';
      const preview = await previewFile(write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
      assert.deepEqual(preview.rows, [['Zoë', 'Zürich']]);
    });

    it('previews the first rows of a file too large to count and estimates the count from their size', async () => {
      const lines = ['id,value'];
      for (let i = 0; i < 20_000; i++) lines.push(`${i},${'x'.repeat(10)}`);
      const file = write('big.csv', `${lines.join('\n')}\n`);
      const preview = await previewFile(file, { maxRows: 5, countRowsUpToBytes: 1000 });
      assert.deepEqual(preview.rows.map((r) => r[0]), ['0', '1', '2', '3', '4']);
      assert.equal(preview.rowCountExact, false);
      assert.ok(preview.rowCount !== null && Math.abs(preview.rowCount - 20_000) / 20_000 < 0.1, `estimate ${preview.rowCount}`);
      assert.ok(preview.bytesRead < preview.fileSize / 3, `${preview.bytesRead} of ${preview.fileSize} bytes read`);
      const counted = await previewFile(file, { maxRows: 5 });
      assert.deepEqual([counted.rowCount, counted.rowCountExact, counted.rows.length], [20_000, true, 5]);
    });

    it('cuts wide files to maxColumns and says so, and reads empty and header-only files', async () => {
      const wide = await previewFile(write('wide.csv', `${Array.from({ length: 10 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(9)}1\n`), { maxColumns: 3 });
      assert.deepEqual([wide.columns.map((c) => c.name), wide.rows[0], wide.truncatedColumns], [['c0', 'c1', 'c2'], ['1', '1', '1'], true]);
      const empty = await previewFile(write('empty.csv', ''));
      assert.deepEqual([empty.columns, empty.rows, empty.rowCount, empty.rowCountExact], [[], [], 0, true]);
      const headerOnly = await previewFile(write('header.csv', 'a,b\n'));
      assert.deepEqual([headerOnly.columns.map((c) => [c.name, c.type]), headerOnly.rowCount], [[['a', 'empty'], ['b', 'empty']], 0]);
    });

    it('reports a quote that never closes', async () => {
      const preview = await previewFile(write('open.csv', 'a,b\n1,"unterminated\n2,3\n'));
      assert.deepEqual(preview.problems.map((p) => p.message), ['the file ends inside a quoted value (a closing quote is missing)']);
    });
  });

  describe('JSON Lines', () => {
    it('shows nested values as JSON, reports bad lines and keeps going', async () => {
      const file = write('events.jsonl', '{"id": 1, "tags": ["a"], "meta": {"x": null}}\n\nnot json\n[1, 2]\n{"id": 2, "extra": true, "when": "2024-01-01T00:00:00Z"}\r\n');
      const preview = await previewFile(file);
      assert.equal(preview.format, 'jsonl');
      assert.deepEqual(preview.columns.map((c) => [c.name, c.type]), [['id', 'integer'], ['tags', 'array'], ['meta', 'object'], ['extra', 'boolean'], ['when', 'datetime']]);
      assert.deepEqual(preview.rows, [['1', '["a"]', '{"x":null}', '', ''], ['2', '', '', 'true', '2024-01-01T00:00:00Z']]);
      assert.deepEqual(preview.problems.map((p) => p.line), [3, 4]);
      assert.match(preview.problems[0].message, /^not valid JSON/);
      assert.equal(preview.problems[1].message, 'a JSON array, not an object');
      assert.deepEqual([preview.rowCount, preview.rowCountExact], [4, true]);
    });

    it('detects JSON Lines without the extension and fails clearly when no line is an object', async () => {
      assert.equal((await previewFile(write('log.ndjson', '{"a":1}\n'))).format, 'jsonl');
      assert.equal((await previewFile(write('log.data', '{"a":1}\n{"a":2}\n'))).format, 'jsonl');
      await rejectsWith(previewFile(write('bad.jsonl', 'nope\nstill nope\n')), /bad\.jsonl: it is not JSON Lines: line 1: not valid JSON/);
      await rejectsWith(previewFile(write('array.json', '[{"a": 1}]\n')), /array\.json: it is a JSON array/);
    });
  });

  describe('unsupported and unreadable files', () => {
    it('names the file and the reason', async () => {
      await rejectsWith(previewFile(path.join(dir, 'missing.csv')), /missing\.csv: the file does not exist/);
      await rejectsWith(previewFile(dir), /it is a folder/);
      await rejectsWith(previewFile(write('data.csv.gz', Buffer.from([0x1f, 0x8b, 8, 0]))), /data\.csv\.gz: \.gz files are compressed/);
      await rejectsWith(previewFile(write('model.bin', Buffer.from([1, 0, 2, 0, 3]))), /model\.bin: it is a binary file/);
      await rejectsWith(previewFile(write('fake.parquet', 'id,name\n1,x\n')), /fake\.parquet: it is not a readable Parquet file/);
    });

    it('stops when cancelled', async () => {
      await assert.rejects(previewFile(write('a.csv', 'a\n1\n'), { signal: AbortSignal.abort() }), { name: 'AbortError' });
    });
  });
});
