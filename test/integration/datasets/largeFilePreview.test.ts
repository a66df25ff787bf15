import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { previewFile } from '../../../src/core/datasets/preview/previewFile';
import { fullCountLimitBytes } from '../../../src/core/datasets/preview/previewTypes';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';

const parquetScript = path.join(repoRoot, 'test', 'integration', 'datasets', 'write_parquet.py');

describe('previews of large files read only what they show', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = makeTempDir('large-preview')));
  after(() => cleanup());

  it('Parquet written by pyarrow (100k rows, 10 row groups): schema, exact count and first rows from the footer and first row group', async () => {
    const file = path.join(dir, 'train.parquet');
    const written = JSON.parse(runPython(parquetScript, [file, '100000', '10000', 'snappy'])) as { rows: number; row_groups: number };
    assert.deepEqual([written.rows, written.row_groups], [100_000, 10]);

    const preview = await previewFile(file, { maxRows: 3 });
    assert.equal(preview.format, 'parquet');
    assert.deepEqual(
      preview.columns.map((c) => [c.name, c.type, c.sourceType]),
      [
        ['id', 'integer', 'INT64'],
        ['name', 'string', 'BYTE_ARRAY (STRING)'],
        ['score', 'float', 'DOUBLE'],
        ['noise', 'float', 'DOUBLE'],
        ['flag', 'boolean', 'BOOLEAN'],
        ['day', 'date', 'INT32 (DATE)'],
        ['seen', 'datetime', 'INT64 (TIMESTAMP[MICROS, UTC])'],
        ['tags', 'array', 'LIST'],
        ['maybe', 'integer', 'INT32'],
      ],
    );
    const withoutNoise = preview.rows.map((row) => row.filter((_, i) => i !== 3));
    assert.deepEqual(withoutNoise, [
      ['0', 'item-000000', '0.25', 'true', '2024-01-01', '2024-01-01T00:00:00.000Z', '[]', '0'],
      ['1', 'item-000001', '0.75', 'false', '2024-01-02', '2024-01-01T00:00:01.000Z', '["t1"]', ''],
      ['2', 'item-000002', '1.25', 'false', '2024-01-03', '2024-01-01T00:00:02.000Z', '["t2","t2"]', '2'],
    ]);
    assert.deepEqual([preview.rowCount, preview.rowCountExact], [100_000, true]);
    assert.equal(preview.fileSize, fs.statSync(file).size);
    // The footer fetch plus one row group of ten: well under a fifth of the file.
    assert.ok(preview.bytesRead < preview.fileSize / 5, `read ${preview.bytesRead} of ${preview.fileSize} bytes`);
  });

  it('Parquet compressed with gzip reads through Node’s zlib', async () => {
    const file = path.join(dir, 'gzip.parquet');
    runPython(parquetScript, [file, '1000', '500', 'gzip']);
    const preview = await previewFile(file, { maxRows: 2 });
    assert.deepEqual(preview.rows.map((row) => row[1]), ['item-000000', 'item-000001']);
    assert.equal(preview.rowCount, 1000);
  });

  it('a 50 MB CSV: the first rows and an estimate from the first chunk; an exact count only on request', async function () {
    this.timeout(120_000);
    const file = path.join(dir, 'big.csv');
    const rows = writeBigCsv(file, 50 * 1024 * 1024);
    const size = fs.statSync(file).size;

    const preview = await previewFile(file, { maxRows: 50 });
    assert.equal(preview.rows.length, 50);
    assert.deepEqual(preview.rows[1], ['10000001', 'user-10000001', '1001.5', 'note 10000001']);
    assert.deepEqual(preview.columns.map((c) => c.type), ['integer', 'string', 'float', 'string']);
    assert.ok(preview.bytesRead <= 128 * 1024, `read ${preview.bytesRead} of ${size} bytes`);
    assert.equal(preview.rowCountExact, false);
    assert.ok(preview.rowCount !== null && Math.abs(preview.rowCount - rows) / rows < 0.05, `estimated ${preview.rowCount} of ${rows} rows`);

    const counted = await previewFile(file, { maxRows: 50, countRowsUpToBytes: fullCountLimitBytes });
    assert.deepEqual([counted.rowCount, counted.rowCountExact, counted.bytesRead], [rows, true, size]);
  });
});

/** Rows of one size (an estimate is only as good as its sample), every thousandth with a quoted line break so that lines and rows differ. */
function writeBigCsv(file: string, targetBytes: number): number {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'id,user,score,note\n');
    let written = 0;
    let rows = 0;
    while (written < targetBytes) {
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i++, rows++) {
        const id = 10_000_000 + rows;
        const note = rows % 1000 === 999 ? `"note ${id}\nsecond line"` : `note ${id}`;
        lines.push(`${id},user-${id},${(rows % 9000) + 1000}.5,${note}\n`);
      }
      const block = lines.join('');
      fs.writeSync(fd, block);
      written += Buffer.byteLength(block);
    }
    return rows;
  } finally {
    fs.closeSync(fd);
  }
}
