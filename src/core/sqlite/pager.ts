import * as fs from 'node:fs';
import { CorruptionError } from './errors';
import { BtreePage } from './btree';
import type { CachedPage, PageCache } from './pageCache';
import type { WalIndex } from './wal';

/** Where one snapshot's pages come from: the database file, overlaid by committed WAL frames. */
export interface PageSource {
  readonly dbFd: number;
  readonly walFd: number | undefined;
  readonly wal: WalIndex | undefined;
  readonly pageSize: number;
  readonly usableSize: number;
  readonly pageCount: number;
}

/** Reads the pages of one snapshot through the cache shared by all snapshots of a file. */
export class Pager {
  private closed = false;
  readonly pageSize: number;
  readonly usableSize: number;
  readonly pageCount: number;

  constructor(
    private readonly source: PageSource,
    private readonly cache: PageCache,
    private readonly onIoError: (error: unknown) => never,
  ) {
    this.pageSize = source.pageSize;
    this.usableSize = source.usableSize;
    this.pageCount = source.pageCount;
  }

  page(pgno: number): Buffer {
    return this.load(pgno).buf;
  }

  /** The page with its b-tree header parsed (once per cached page). */
  btreePage(pgno: number): BtreePage {
    const entry = this.load(pgno);
    return (entry.btree ??= new BtreePage(pgno, entry.buf, this.usableSize));
  }

  private load(pgno: number): CachedPage {
    if (this.closed) {
      throw new Error('SQLite snapshot used after read() returned: consume iterators inside the read callback');
    }
    const cached = this.cache.get(pgno);
    if (cached !== undefined) return cached;
    if (!(pgno >= 1 && pgno <= this.pageCount)) {
      throw new CorruptionError(`page ${pgno} is out of range (the database has ${this.pageCount} pages)`);
    }
    const page = Buffer.allocUnsafeSlow(this.pageSize);
    const walOffset = this.source.wal?.pages.get(pgno);
    let read: number;
    try {
      read =
        walOffset !== undefined && this.source.walFd !== undefined
          ? fs.readSync(this.source.walFd, page, 0, this.pageSize, walOffset)
          : fs.readSync(this.source.dbFd, page, 0, this.pageSize, (pgno - 1) * this.pageSize);
    } catch (error) {
      this.onIoError(error);
    }
    if (read < this.pageSize) {
      throw new CorruptionError(`page ${pgno} lies beyond the end of the file (the file is truncated)`);
    }
    const entry: CachedPage = { buf: page, btree: undefined };
    this.cache.set(pgno, entry);
    return entry;
  }

  close(): void {
    this.closed = true;
  }
}
