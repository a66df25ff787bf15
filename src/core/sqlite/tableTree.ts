import { BtreePage, MAX_DEPTH, loadPage, readPayload, type Payload } from './btree';
import { CorruptionError } from './errors';
import type { Pager } from './pager';
import { readSignedVarint, readVarint, type Cursor } from './varint';

export type RowDecoder<T> = (payload: Payload, rowid: number | bigint) => T;

/** Walks the leaves of a table b-tree in rowid order, decoding each cell with `decode`. */
export class TableScan<T> implements IterableIterator<T> {
  private readonly interiors: BtreePage[] = [];
  private readonly childIndexes: number[] = [];
  private leaf: BtreePage | undefined;
  private cell = 0;
  private started = false;
  private readonly payload: Payload = { buf: Buffer.alloc(0), start: 0, end: 0 };
  private readonly cursor: Cursor = { pos: 0 };

  constructor(
    private readonly pager: Pager,
    private readonly root: number,
    private readonly decode: RowDecoder<T>,
  ) {}

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }

  next(): IteratorResult<T> {
    for (;;) {
      const leaf = this.leaf;
      if (leaf !== undefined && this.cell < leaf.cellCount) {
        const cursor = this.cursor;
        cursor.pos = leaf.cellOffset(this.cell++);
        const size = readVarint(leaf.buf, cursor);
        const rowid = readSignedVarint(leaf.buf, cursor);
        readPayload(this.pager, leaf, cursor.pos, size, true, this.payload);
        return { value: this.decode(this.payload, rowid), done: false };
      }
      if (!this.nextLeaf()) return { value: undefined, done: true };
    }
  }

  private nextLeaf(): boolean {
    if (!this.started) {
      this.started = true;
      this.descend(this.root);
      return true;
    }
    while (this.interiors.length > 0) {
      const top = this.interiors.length - 1;
      const parent = this.interiors[top];
      const child = this.childIndexes[top] + 1;
      if (child <= parent.cellCount) {
        this.childIndexes[top] = child;
        this.descend(parent.childAt(child));
        return true;
      }
      this.interiors.pop();
      this.childIndexes.pop();
    }
    this.leaf = undefined;
    return false;
  }

  private descend(pgno: number): void {
    for (;;) {
      const page = loadPage(this.pager, pgno, true);
      if (page.isLeaf) {
        this.leaf = page;
        this.cell = 0;
        return;
      }
      if (this.interiors.length >= MAX_DEPTH) throw new CorruptionError(`the b-tree at page ${this.root} is too deep (a pointer cycle?)`);
      this.interiors.push(page);
      this.childIndexes.push(0);
      pgno = page.childAt(0);
    }
  }
}

/** Finds the row with `rowid` in the table b-tree at `root`; O(depth · log fan-out). */
export function findRowid<T>(pager: Pager, root: number, rowid: number | bigint, decode: RowDecoder<T>): T | undefined {
  const cursor: Cursor = { pos: 0 };
  let pgno = root;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const page = loadPage(pager, pgno, true);
    if (!page.isLeaf) {
      // The first cell whose key is ≥ rowid has the row in its left subtree.
      let lo = 0;
      let hi = page.cellCount;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        cursor.pos = page.cellOffset(mid) + 4;
        if (readSignedVarint(page.buf, cursor) < rowid) lo = mid + 1;
        else hi = mid;
      }
      pgno = page.childAt(lo);
      continue;
    }
    let lo = 0;
    let hi = page.cellCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      cursor.pos = page.cellOffset(mid);
      const size = readVarint(page.buf, cursor);
      const key = readSignedVarint(page.buf, cursor);
      if (key < rowid) lo = mid + 1;
      else if (key > rowid) hi = mid - 1;
      else {
        const payload: Payload = { buf: page.buf, start: 0, end: 0 };
        readPayload(pager, page, cursor.pos, size, true, payload);
        return decode(payload, key);
      }
    }
    return undefined;
  }
  throw new CorruptionError(`the b-tree at page ${root} is too deep (a pointer cycle?)`);
}

/** Number of entries in a b-tree (table or index), reading pages but decoding no records. */
export function countEntries(pager: Pager, root: number, isTable: boolean): number {
  let count = 0;
  const visit = (pgno: number, depth: number): void => {
    if (depth > MAX_DEPTH) throw new CorruptionError(`the b-tree at page ${root} is too deep (a pointer cycle?)`);
    const page = loadPage(pager, pgno, isTable);
    if (page.isLeaf) {
      count += page.cellCount;
      return;
    }
    if (!isTable) count += page.cellCount; // index interior cells are entries too
    for (let i = 0; i <= page.cellCount; i++) visit(page.childAt(i), depth + 1);
  };
  visit(root, 0);
  return count;
}
