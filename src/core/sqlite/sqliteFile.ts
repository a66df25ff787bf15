import * as fs from 'node:fs';
import { backoffMs, pause } from './backoff';
import { CorruptionError, SqliteError, UnsupportedError } from './errors';
import { captureState, closeWal, notADatabaseReason, sameContent, type FileState } from './fileState';
import { HEADER_SIZE, hasMagic, parseHeader } from './header';
import { PageCache } from './pageCache';
import { Pager } from './pager';
import { textDecoderFor } from './record';
import { readSchema, type Schema } from './schema';
import { SnapshotReader } from './snapshot';
import type { Snapshot } from './types';

export interface OpenOptions {
  /** Bound of the page cache kept across read() calls while the file is unchanged (default 64 MiB). */
  cacheBytes?: number;
}

export interface ReadOptions {
  /** How long to wait for a writer before SqliteError BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
}

const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A SQLite database file opened read-only. It never writes, locks or creates files:
 * consistency comes from checking, after each read, that nothing changed during it.
 */
export class SqliteFile {
  private readonly cache: PageCache;
  /** The file state the cached pages and schema belong to. */
  private cacheState: FileState | undefined;
  private schema: Schema | undefined;
  private closed = false;
  private reading = false;

  private constructor(
    readonly path: string,
    private fd: number,
    private identity: { dev: bigint; ino: bigint },
    cacheBytes: number,
  ) {
    this.cache = new PageCache(cacheBytes);
  }

  /** Throws SqliteError IO for a missing or unreadable file, NOT_A_DATABASE for a file without the SQLite header. */
  static open(path: string, options: OpenOptions = {}): SqliteFile {
    const { fd, dev, ino } = openDatabaseFile(path);
    return new SqliteFile(path, fd, { dev, ino }, options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  /**
   * Runs fn against one consistent snapshot of the database. fn may run more than once:
   * when a concurrent writer changed the file during the read, its result is discarded
   * and it runs again. Iterables from the snapshot must be consumed inside fn.
   */
  read<T>(fn: (db: Snapshot) => T, options: ReadOptions = {}): T {
    if (this.closed) throw new SqliteError('IO', this.path, 'the database was closed');
    if (this.reading) throw new Error('SqliteFile.read() called from inside another read() of the same file; use the snapshot it gave');
    this.reading = true;
    try {
      return this.readConsistently(fn, options);
    } finally {
      this.reading = false;
    }
  }

  private readConsistently<T>(fn: (db: Snapshot) => T, options: ReadOptions): T {
    const timeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    let waits = 0;
    let lastCorruption: string | undefined;
    for (;;) {
      this.reopenIfReplaced();
      const state = this.observe(this.cacheState?.wal, true);
      if (state.journalHot) {
        closeWal(state);
        this.waitOrBusy(deadline, waits++, () => hotJournalReason(this.path, timeoutMs));
        continue;
      }
      this.syncCache(state);
      let outcome: Outcome<T>;
      let after: FileState;
      try {
        outcome = this.attempt(state, fn);
        after = this.observe(state.wal, false);
      } finally {
        closeWal(state);
      }
      if (!after.journalHot && sameContent(state, after)) {
        if (outcome.ok) return outcome.value;
        const error = outcome.error;
        if (!(error instanceof CorruptionError)) throw toSqliteError(error, this.path);
        // Seen twice on a file that did not change: not a torn read but real damage.
        if (lastCorruption === error.message) throw new SqliteError('CORRUPT', this.path, `database disk image is malformed: ${error.message}`);
        lastCorruption = error.message;
        this.dropCache(true);
        continue;
      }
      lastCorruption = undefined;
      this.waitOrBusy(deadline, waits++, () =>
        after.journalHot ? hotJournalReason(this.path, timeoutMs) : `the database kept changing while it was read, for ${timeoutMs} ms; try again or read less at once`,
      );
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropCache(true);
    fs.closeSync(this.fd);
  }

  private attempt<T>(state: FileState, fn: (db: Snapshot) => T): Outcome<T> {
    let pager: Pager | undefined;
    try {
      const fileHeader = parseHeader(state.header);
      const pageCount = pageCountOf(state, fileHeader.pageSize, fileHeader.pageCount);
      pager = new Pager(
        { dbFd: this.fd, walFd: state.walFd, wal: state.wal, pageSize: fileHeader.pageSize, usableSize: fileHeader.usableSize, pageCount },
        this.cache,
        (error) => {
          throw new SqliteError('IO', this.path, `cannot read the database: ${describe(error)}`, { cause: error });
        },
      );
      // Page 1 as the snapshot sees it (possibly from the WAL) is the authority on encoding and schema.
      const header = parseHeader(pager.page(1));
      if (header.pageSize !== fileHeader.pageSize) throw new CorruptionError('the page size on page 1 differs from the file header');
      const decodeText = textDecoderFor(header.textEncoding);
      if (this.schema === undefined || this.schema.cookie !== header.schemaCookie) this.schema = readSchema(pager, header.schemaCookie, decodeText);
      const ctx = { path: this.path, pager, encoding: header.textEncoding, decodeText };
      return { ok: true, value: fn(new SnapshotReader(ctx, this.schema)) };
    } catch (error) {
      return { ok: false, error };
    } finally {
      pager?.close();
    }
  }

  private observe(previousWal: FileState['wal'], keepWalOpen: boolean): FileState {
    try {
      return captureState(this.path, this.fd, previousWal, keepWalOpen);
    } catch (error) {
      throw toSqliteError(error, this.path);
    }
  }

  /** Keeps cached pages that are still valid for `state`: all of them, those the WAL did not change, or none. */
  private syncCache(state: FileState): void {
    const previous = this.cacheState;
    const sameFile = previous !== undefined && previous.header.equals(state.header) && previous.size === state.size && previous.mtimeNs === state.mtimeNs;
    if (!sameFile || (previous.wal === undefined) !== (state.wal === undefined)) {
      this.dropCache();
    } else if (state.wal !== undefined && state.wal !== previous.wal) {
      if (state.wal.changedPages === undefined) this.dropCache();
      else for (const pgno of state.wal.changedPages) this.cache.delete(pgno);
    }
    this.cacheState = { ...state, walFd: undefined };
  }

  /**
   * Forgets cached pages. The parsed schema is kept unless `schemaToo`: it is checked against the
   * schema cookie on every read, and re-parsing MLflow's hundred-table schema after each of a
   * training loop's commits made reads slower than the gaps between commits.
   */
  private dropCache(schemaToo = false): void {
    this.cache.clear();
    if (schemaToo) this.schema = undefined;
    this.cacheState = undefined;
  }

  private waitOrBusy(deadline: number, waits: number, reason: () => string): void {
    const left = deadline - Date.now();
    if (left <= 0) throw new SqliteError('BUSY', this.path, reason());
    pause(Math.min(backoffMs(waits), left));
  }

  private reopenIfReplaced(): void {
    let stat: fs.BigIntStats | undefined;
    try {
      stat = fs.statSync(this.path, { bigint: true, throwIfNoEntry: false });
    } catch (error) {
      throw new SqliteError('IO', this.path, `cannot read the database: ${describe(error)}`, { cause: error });
    }
    if (stat === undefined) throw new SqliteError('IO', this.path, 'the database file no longer exists');
    if (stat.ino === this.identity.ino && stat.dev === this.identity.dev) return;
    const reopened = openDatabaseFile(this.path);
    fs.closeSync(this.fd);
    this.fd = reopened.fd;
    this.identity = { dev: reopened.dev, ino: reopened.ino };
    this.dropCache(true);
  }
}

function openDatabaseFile(path: string): { fd: number; dev: bigint; ino: bigint } {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    throw new SqliteError('IO', path, `cannot open the database: ${describe(error)}`, { cause: error });
  }
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    if (!stat.isFile()) throw new SqliteError('IO', path, 'cannot open the database: it is not a regular file');
    const header = Buffer.alloc(HEADER_SIZE);
    const read = fs.readSync(fd, header, 0, HEADER_SIZE, 0);
    if (read < HEADER_SIZE || !hasMagic(header)) throw new SqliteError('NOT_A_DATABASE', path, notADatabaseReason(Number(stat.size)));
    try {
      parseHeader(header);
    } catch (error) {
      throw new SqliteError('NOT_A_DATABASE', path, `the file has the SQLite magic but an invalid header: ${describe(error)}`);
    }
    return { fd, dev: stat.dev, ino: stat.ino };
  } catch (error) {
    fs.closeSync(fd);
    throw error instanceof SqliteError ? error : new SqliteError('IO', path, `cannot read the database: ${describe(error)}`, { cause: error });
  }
}

/** Pages in the snapshot: from the WAL's last commit, else the header, else the file size. */
function pageCountOf(state: FileState, pageSize: number, headerPageCount: number | undefined): number {
  if (state.wal !== undefined) return state.wal.dbPageCount;
  const inFile = Math.floor(state.size / pageSize);
  if (headerPageCount === undefined) return inFile;
  if (headerPageCount > inFile) {
    throw new CorruptionError(`the file is truncated: its header says ${headerPageCount} pages but it holds ${inFile}`);
  }
  return headerPageCount;
}

function hotJournalReason(path: string, timeoutMs: number): string {
  return (
    `a write has been in progress for over ${timeoutMs} ms (the rollback journal ${path}-journal is hot). ` +
    'If no program is writing, open the database once with sqlite3 or MLflow to roll the journal back.'
  );
}

function toSqliteError(error: unknown, path: string): unknown {
  if (error instanceof CorruptionError) return new SqliteError('CORRUPT', path, `database disk image is malformed: ${error.message}`);
  if (error instanceof UnsupportedError) return new SqliteError('UNSUPPORTED', path, error.message);
  if (error instanceof SqliteError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new SqliteError('IO', path, `cannot read the database: ${describe(error)}`, { cause: error });
  }
  return error;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
