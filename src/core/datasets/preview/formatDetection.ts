import * as path from 'node:path';
import { TextDecoder } from 'node:util';
import type { CountingFile } from './countingFile';
import { encodingOf } from './textChunks';
import { PreviewError } from './previewTypes';

export type DetectedFormat =
  | { format: 'csv'; delimiter?: string; preferred: string }
  | { format: 'tsv'; delimiter: '\t'; preferred: '\t' }
  | { format: 'jsonl' }
  | { format: 'parquet' };

const compressed = new Set(['.gz', '.gzip', '.bz2', '.xz', '.zst', '.zip', '.7z', '.tgz', '.lz4']);
const sniffBytes = 4096;

/** The format a file name says, or else what the file's first bytes look like. */
export async function detectFormat(file: CountingFile): Promise<DetectedFormat> {
  const extension = path.extname(file.path).toLowerCase();
  switch (extension) {
    case '.csv':
      return { format: 'csv', preferred: ',' };
    case '.tsv':
    case '.tab':
      return { format: 'tsv', delimiter: '\t', preferred: '\t' };
    case '.psv':
      return { format: 'csv', delimiter: '|', preferred: '|' };
    case '.jsonl':
    case '.ndjson':
      return { format: 'jsonl' };
    case '.parquet':
    case '.pq':
    case '.parq':
      return { format: 'parquet' };
  }
  if (compressed.has(extension)) {
    throw new PreviewError(file.path, `${extension} files are compressed; the preview reads uncompressed CSV, TSV, JSON Lines and Parquet`);
  }
  return sniffFormat(file, await file.read(0, sniffBytes));
}

function sniffFormat(file: CountingFile, head: Buffer): DetectedFormat {
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return { format: 'parquet' };
  const encoding = encodingOf(head);
  if (encoding === 'utf-8' && head.includes(0)) {
    throw new PreviewError(file.path, 'it is a binary file; the preview reads CSV, TSV, JSON Lines and Parquet');
  }
  const text = new TextDecoder(encoding).decode(head);
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';
  if (firstLine.startsWith('[') && path.extname(file.path).toLowerCase() === '.json') {
    throw new PreviewError(file.path, 'it is a JSON array; the preview reads JSON Lines (one object per line)');
  }
  if (firstLine.startsWith('{')) return { format: 'jsonl' };
  return { format: 'csv', preferred: ',' };
}
