import * as fs from 'node:fs';
import { HEADER_SIZE, hasMagic } from './header';
import { SqliteError } from './errors';
import { readWal, type WalIndex } from './wal';

const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

/** What a reader can observe of a database without locks: any write changes some of it. */
export interface FileState {
  /** The database file's first 100 bytes (page size, change counter, ...). */
  readonly header: Buffer;
  readonly size: number;
  readonly mtimeNs: bigint;
  /** A rollback journal with a valid header exists: a writer is changing (or crashed while changing) the file. */
  readonly journalHot: boolean;
  readonly wal: WalIndex | undefined;
  /** Open while the state's snapshot is read, since the WAL may be replaced by then. */
  readonly walFd: number | undefined;
}

export function sameContent(a: FileState, b: FileState): boolean {
  return (
    a.header.equals(b.header) &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    sameWal(a.wal, b.wal)
  );
}

export function sameWal(a: WalIndex | undefined, b: WalIndex | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.header.equals(b.header) && a.committedFrames === b.committedFrames && a.committedEnd === b.committedEnd;
}

export function closeWal(state: FileState): void {
  if (state.walFd !== undefined) fs.closeSync(state.walFd);
}

/**
 * Observes the database file (through `dbFd`, the descriptor pages are read from), its
 * journal and its WAL. The WAL is read incrementally from `previousWal` when it is the same log.
 */
export function captureState(path: string, dbFd: number, previousWal: WalIndex | undefined, keepWalOpen: boolean): FileState {
  const stat = fs.fstatSync(dbFd, { bigint: true });
  const header = Buffer.alloc(HEADER_SIZE);
  const read = fs.readSync(dbFd, header, 0, HEADER_SIZE, 0);
  if (read < HEADER_SIZE || !hasMagic(header)) {
    throw new SqliteError('NOT_A_DATABASE', path, notADatabaseReason(Number(stat.size)));
  }
  const journalHot = isJournalHot(`${path}-journal`);
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const { wal, walFd } = openWal(`${path}-wal`, pageSize, previousWal, keepWalOpen);
  return { header, size: Number(stat.size), mtimeNs: stat.mtimeNs, journalHot, wal, walFd };
}

export function notADatabaseReason(size: number): string {
  return size === 0
    ? 'the file is empty, so it is not a SQLite database'
    : 'the file is not a SQLite database (it does not start with the SQLite header)';
}

function isJournalHot(journalPath: string): boolean {
  const stat = fs.statSync(journalPath, { throwIfNoEntry: false });
  if (stat === undefined || stat.size === 0) return false;
  let fd: number;
  try {
    fd = fs.openSync(journalPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // committed meanwhile
    throw error;
  }
  try {
    const magic = Buffer.alloc(JOURNAL_MAGIC.length);
    // SQLite writes the magic only after syncing the journal and before touching the
    // database; a zeroed header (journal_mode=PERSIST) means no write is under way.
    return fs.readSync(fd, magic, 0, magic.length, 0) === magic.length && magic.equals(JOURNAL_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

function openWal(
  walPath: string,
  pageSize: number,
  previous: WalIndex | undefined,
  keepOpen: boolean,
): { wal: WalIndex | undefined; walFd: number | undefined } {
  let fd: number;
  try {
    fd = fs.openSync(walPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { wal: undefined, walFd: undefined };
    throw error;
  }
  try {
    const wal = readWal(fd, fs.fstatSync(fd).size, pageSize, previous);
    if (wal !== undefined && wal.committedFrames > 0 && keepOpen) return { wal, walFd: fd };
    fs.closeSync(fd);
    return { wal: wal !== undefined && wal.committedFrames > 0 ? wal : undefined, walFd: undefined };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}
