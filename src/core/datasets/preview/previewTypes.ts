export type PreviewFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

export type ColumnType = 'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'string' | 'object' | 'array' | 'binary' | 'empty';

export interface PreviewColumn {
  name: string;
  /** declared by the file (Parquet) or inferred from the previewed rows; 'empty' when all were missing */
  type: ColumnType;
  /** the type as the file declares it, e.g. `INT64` or `BYTE_ARRAY (STRING)` */
  sourceType?: string;
}

/** Something in the previewed part of the file that was read leniently or skipped. */
export interface PreviewProblem {
  /** 1-based line of a text file; absent for the file as a whole */
  line?: number;
  message: string;
}

export interface DataPreview {
  file: string;
  format: PreviewFormat;
  /** the field delimiter of CSV and TSV */
  delimiter?: string;
  columns: PreviewColumn[];
  /** the first rows, one display string per column ('' for missing values) */
  rows: string[][];
  /** data rows in the file (header excluded); null when not even an estimate is possible */
  rowCount: number | null;
  rowCountExact: boolean;
  /** more columns exist than were previewed */
  truncatedColumns?: boolean;
  problems: PreviewProblem[];
  fileSize: number;
  /** what the preview read from disk */
  bytesRead: number;
}

export interface PreviewOptions {
  maxRows?: number;
  maxColumns?: number;
  signal?: AbortSignal;
  /**
   * Text files up to this size are read to the end for an exact row count; larger ones get an
   * estimate from the average size of the previewed rows. Parquet always has an exact count.
   */
  countRowsUpToBytes?: number;
}

export const defaultMaxRows = 50;
export const defaultMaxColumns = 200;
/** Counting reads the whole file, so by default only files that take a blink to read are counted. */
export const defaultCountRowsUpToBytes = 8 * 1024 * 1024;
/** The limit for an explicit "count rows" request: beyond it even counting takes too long to wait for. */
export const fullCountLimitBytes = 200 * 1024 * 1024;
/** A cell longer than this is cut for display. */
export const maxCellLength = 2000;

export class PreviewError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot preview ${file}: ${reason}`, options);
    this.name = 'PreviewError';
  }
}
