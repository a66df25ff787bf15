import { BtreePage, MAX_DEPTH, loadPage, readIndexCell, type Payload } from './btree';
import { CorruptionError } from './errors';
import type { Pager } from './pager';
import type { Cursor } from './varint';

/** Compares an index record (the payload) with the sought key: <0, 0 or >0. */
export type KeyComparator = (payload: Payload) => number;
export type EntryDecoder<T> = (payload: Payload) => T;

/**
 * Iterates, in index order, the entries of an index b-tree that compare equal to a key.
 * Index b-trees keep entries in interior cells too, so the walk yields an interior
 * cell between its left subtree and the next one. Seeking descends one path by binary
 * search, so finding the first match costs O(depth · log fan-out).
 */
export class IndexSeek<T> implements IterableIterator<T> {
  private readonly pages: BtreePage[] = [];
  /** For each page on the path: the cell to yield next (leaf) or the child being visited (interior). */
  private readonly positions: number[] = [];
  private started = false;
  private finished = false;
  private readonly payload: Payload = { buf: Buffer.alloc(0), start: 0, end: 0 };
  private readonly cursor: Cursor = { pos: 0 };

  constructor(
    private readonly pager: Pager,
    private readonly root: number,
    private readonly compare: KeyComparator,
    private readonly decode: EntryDecoder<T>,
  ) {}

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }

  next(): IteratorResult<T> {
    if (this.finished) return { value: undefined, done: true };
    if (!this.started) {
      this.started = true;
      this.seek();
    }
    if (!this.advanceToEntry() || this.compare(this.payload) !== 0) {
      this.finished = true;
      return { value: undefined, done: true };
    }
    return { value: this.decode(this.payload), done: false };
  }

  /** Positions the path on the first entry ≥ key. */
  private seek(): void {
    let pgno = this.root;
    for (;;) {
      const page = this.push(pgno);
      const first = this.firstNotLess(page);
      this.positions[this.positions.length - 1] = first;
      if (page.isLeaf) return;
      pgno = page.childAt(first);
    }
  }

  /** Loads the next entry of the walk into this.payload; false at the end of the tree. */
  private advanceToEntry(): boolean {
    for (;;) {
      const top = this.pages.length - 1;
      if (top < 0) return false;
      const page = this.pages[top];
      const position = this.positions[top];
      if (page.isLeaf) {
        if (position < page.cellCount) {
          this.positions[top] = position + 1;
          readIndexCell(this.pager, page, position, this.payload, this.cursor);
          return true;
        }
        this.pop();
        continue;
      }
      // Back in an interior page after its child `position`: its cell `position` comes next.
      if (position < page.cellCount) {
        readIndexCell(this.pager, page, position, this.payload, this.cursor);
        this.positions[top] = position + 1;
        this.descendLeftmost(page.childAt(position + 1));
        return true;
      }
      this.pop();
    }
  }

  /** Returns only after the payload is consumed: descending loads pages but never a cell. */
  private descendLeftmost(pgno: number): void {
    for (;;) {
      const page = this.push(pgno);
      if (page.isLeaf) return;
      pgno = page.childAt(0);
    }
  }

  private push(pgno: number): BtreePage {
    if (this.pages.length >= MAX_DEPTH) throw new CorruptionError(`the index b-tree at page ${this.root} is too deep (a pointer cycle?)`);
    const page = loadPage(this.pager, pgno, false);
    this.pages.push(page);
    this.positions.push(0);
    return page;
  }

  private pop(): void {
    this.pages.pop();
    this.positions.pop();
  }

  /** Binary search for the first cell ≥ key (cellCount when every cell is smaller). */
  private firstNotLess(page: BtreePage): number {
    let lo = 0;
    let hi = page.cellCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      readIndexCell(this.pager, page, mid, this.payload, this.cursor);
      if (this.compare(this.payload) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
