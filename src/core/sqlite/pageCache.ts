import type { BtreePage } from './btree';

/** A page's bytes, and its b-tree header once something parsed it. */
export interface CachedPage {
  readonly buf: Buffer;
  btree: BtreePage | undefined;
}

/**
 * Recently used pages, bounded by total bytes. Two generations instead of a strict LRU:
 * V8 Maps slow down badly under the delete-and-reinsert churn of a Map-based LRU, while
 * here a hit costs one or two lookups. New pages enter the young generation; when it
 * is full it becomes the old one and the previous old one is dropped. A hit in the old
 * generation moves the page back to the young one, so hot interior pages survive.
 */
export class PageCache {
  private young = new Map<number, CachedPage>();
  private old = new Map<number, CachedPage>();
  private youngBytes = 0;
  private readonly generationBytes: number;

  constructor(maxBytes: number) {
    this.generationBytes = Math.max(1, Math.floor(maxBytes / 2));
  }

  get(pgno: number): CachedPage | undefined {
    const page = this.young.get(pgno);
    if (page !== undefined) return page;
    const survivor = this.old.get(pgno);
    if (survivor !== undefined) {
      this.old.delete(pgno);
      this.add(pgno, survivor);
    }
    return survivor;
  }

  set(pgno: number, page: CachedPage): void {
    this.old.delete(pgno);
    const previous = this.young.get(pgno);
    if (previous !== undefined) this.youngBytes -= previous.buf.length;
    this.add(pgno, page);
  }

  delete(pgno: number): void {
    const page = this.young.get(pgno);
    if (page !== undefined) {
      this.young.delete(pgno);
      this.youngBytes -= page.buf.length;
    }
    this.old.delete(pgno);
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.youngBytes = 0;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private add(pgno: number, page: CachedPage): void {
    this.young.set(pgno, page);
    this.youngBytes += page.buf.length;
    if (this.youngBytes > this.generationBytes) {
      this.old = this.young;
      this.young = new Map();
      this.youngBytes = 0;
    }
  }
}
