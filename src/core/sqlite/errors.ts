export type SqliteErrorCode =
  | 'NOT_A_DATABASE' // the file is not a SQLite database (no header, empty file)
  | 'CORRUPT' // the same inconsistency was seen twice on a file that did not change
  | 'BUSY' // a writer kept the file in an intermediate state for longer than we wait
  | 'IO' // the operating system refused the read (missing file, permissions, ...)
  | 'NO_SUCH_TABLE'
  | 'NO_SUCH_INDEX'
  | 'UNSUPPORTED'; // a valid file that uses a feature this reader does not implement

/** A failure to read a SQLite file; the message starts with the file's path. */
export class SqliteError extends Error {
  constructor(
    readonly code: SqliteErrorCode,
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
    this.name = 'SqliteError';
  }
}

/**
 * Decoding errors are raised without the path (the decoders do not know it) and
 * re-thrown as SqliteError by the snapshot that owns the file.
 */
export class CorruptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptionError';
  }
}

export class UnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedError';
  }
}
