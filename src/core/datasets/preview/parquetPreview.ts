import * as zlib from 'node:zlib';
import { type AsyncBuffer, type Compressors, type FileMetaData, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { CountingFile } from './countingFile';
import { displayValue } from './displayValue';
import { parquetColumn } from './parquetColumns';
import { type DataPreview, PreviewError, type PreviewOptions, defaultMaxColumns, defaultMaxRows } from './previewTypes';

/** The footer holds the metadata; most footers fit in this, and a small first read spares small files a whole read. */
const footerFetchBytes = 64 * 1024;

// hyparquet decodes Snappy itself; Node's zlib adds the codecs it has. ZSTD and LZ4 stay unsupported.
const compressors: Compressors = {
  GZIP: (input) => zlib.gunzipSync(input),
  BROTLI: (input) => zlib.brotliDecompressSync(input),
};

/**
 * Schema, exact row count and the first rows of a Parquet file, reading only the footer and the
 * column chunks of the row groups that hold those rows.
 */
export async function previewParquet(file: CountingFile, options: PreviewOptions): Promise<DataPreview> {
  const buffer = rangeReader(file, options.signal);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer, { initialFetchSize: footerFetchBytes });
  } catch (error) {
    options.signal?.throwIfAborted();
    throw new PreviewError(file.path, `it is not a readable Parquet file (${(error as Error).message})`, { cause: error });
  }
  const fields = parquetSchema(metadata).children;
  const shown = fields.slice(0, options.maxColumns ?? defaultMaxColumns);
  const columns = shown.map(parquetColumn);
  const rowCount = Number(metadata.num_rows);
  const rowEnd = Math.min(options.maxRows ?? defaultMaxRows, rowCount);
  let objects: Record<string, unknown>[] = [];
  if (rowEnd > 0 && columns.length > 0) {
    try {
      objects = await parquetReadObjects({
        file: buffer,
        metadata,
        columns: columns.map((column) => column.name),
        rowStart: 0,
        rowEnd,
        compressors,
        useOffsetIndex: true,
      });
    } catch (error) {
      options.signal?.throwIfAborted();
      throw new PreviewError(file.path, `its first rows cannot be read (${(error as Error).message})`, { cause: error });
    }
  }
  const preview: DataPreview = {
    file: file.path,
    format: 'parquet',
    columns,
    rows: objects.map((object) => columns.map((column) => displayValue(object[column.name], column.type))),
    rowCount,
    rowCountExact: true,
    problems: [],
    fileSize: file.size,
    bytesRead: file.bytesRead,
  };
  if (fields.length > shown.length) preview.truncatedColumns = true;
  return preview;
}

/** hyparquet's view of the file: byte ranges on demand, each read counted. */
function rangeReader(file: CountingFile, signal: AbortSignal | undefined): AsyncBuffer {
  return {
    byteLength: file.size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      signal?.throwIfAborted();
      const bytes = await file.read(start, (end ?? file.size) - start);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    },
  };
}
