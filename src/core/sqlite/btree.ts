import { CorruptionError } from './errors';
import type { Pager } from './pager';
import { readVarint, type Cursor } from './varint';

export const INDEX_INTERIOR = 2;
export const TABLE_INTERIOR = 5;
export const INDEX_LEAF = 10;
export const TABLE_LEAF = 13;

/** Deeper than any real tree (fan-out ≥ 2 and at most 2^32 pages); stops pointer cycles. */
export const MAX_DEPTH = 40;

/** One b-tree page with its header decoded. */
export class BtreePage {
  readonly type: number;
  readonly cellCount: number;
  readonly isLeaf: boolean;
  /** The right-most child pointer of an interior page (0 for leaves). */
  readonly rightChild: number;
  private readonly pointerStart: number;
  private readonly contentMin: number;
  private readonly usableSize: number;

  readonly isTable: boolean;

  constructor(
    readonly pgno: number,
    readonly buf: Buffer,
    usableSize: number,
  ) {
    const headerStart = pgno === 1 ? 100 : 0;
    const type = buf[headerStart];
    if (type !== TABLE_LEAF && type !== TABLE_INTERIOR && type !== INDEX_LEAF && type !== INDEX_INTERIOR) {
      throw new CorruptionError(`page ${pgno} is not a b-tree page (type byte ${type})`);
    }
    this.type = type;
    this.isTable = type === TABLE_LEAF || type === TABLE_INTERIOR;
    this.isLeaf = type === TABLE_LEAF || type === INDEX_LEAF;
    this.cellCount = (buf[headerStart + 3] << 8) | buf[headerStart + 4];
    this.rightChild = this.isLeaf ? 0 : buf.readUInt32BE(headerStart + 8);
    this.pointerStart = headerStart + (this.isLeaf ? 8 : 12);
    this.contentMin = this.pointerStart + 2 * this.cellCount;
    this.usableSize = usableSize;
    if (this.contentMin > usableSize) {
      throw new CorruptionError(`page ${pgno} claims ${this.cellCount} cells, more than fit in a page`);
    }
  }

  /** Byte offset of cell i within the page. */
  cellOffset(i: number): number {
    const at = this.pointerStart + 2 * i;
    const offset = (this.buf[at] << 8) | this.buf[at + 1];
    if (offset < this.contentMin || offset + 4 > this.usableSize) {
      throw new CorruptionError(`cell ${i} of page ${this.pgno} points outside the page`);
    }
    return offset;
  }

  /** Child page to the left of cell i of an interior page; i === cellCount gives the right-most child. */
  childAt(i: number): number {
    return i === this.cellCount ? this.rightChild : this.buf.readUInt32BE(this.cellOffset(i));
  }
}

export function loadPage(pager: Pager, pgno: number, expectTable: boolean): BtreePage {
  const page = pager.btreePage(pgno);
  if (page.isTable !== expectTable) {
    throw new CorruptionError(`page ${pgno} is not a ${expectTable ? 'table' : 'index'} b-tree page (type byte ${page.type})`);
  }
  return page;
}

/** Where a cell's payload can be read: inside the page when it fits, else a buffer joined from overflow pages. */
export interface Payload {
  buf: Buffer;
  start: number;
  end: number;
}

/** Bytes of a payload of `size` stored on the b-tree page itself (fileformat2 §1.6). */
export function localPayloadSize(size: number, usableSize: number, tableLeaf: boolean): number {
  const maxLocal = tableLeaf ? usableSize - 35 : Math.floor(((usableSize - 12) * 64) / 255) - 23;
  if (size <= maxLocal) return size;
  const minLocal = Math.floor(((usableSize - 12) * 32) / 255) - 23;
  const k = minLocal + ((size - minLocal) % (usableSize - 4));
  return k <= maxLocal ? k : minLocal;
}

/** Payloads up to this size are stored whole on index pages (the common case, checked first). */
function maxLocalIndex(usableSize: number): number {
  return Math.floor(((usableSize - 12) * 64) / 255) - 23;
}

/** Fills `out` with the payload of `size` bytes that starts at `start` on `page`. */
export function readPayload(pager: Pager, page: BtreePage, start: number, size: number, tableLeaf: boolean, out: Payload): void {
  const usable = pager.usableSize;
  const fitsLocally = size <= (tableLeaf ? usable - 35 : maxLocalIndex(usable));
  const local = fitsLocally ? size : localPayloadSize(size, usable, tableLeaf);
  if (local === size) {
    if (start + size > usable) throw new CorruptionError(`a cell on page ${page.pgno} extends past the end of the page`);
    out.buf = page.buf;
    out.start = start;
    out.end = start + size;
    return;
  }
  if (start + local + 4 > usable) throw new CorruptionError(`a cell on page ${page.pgno} extends past the end of the page`);
  const joined = Buffer.allocUnsafe(size);
  page.buf.copy(joined, 0, start, start + local);
  let filled = local;
  let next = page.buf.readUInt32BE(start + local);
  let hops = 0;
  while (filled < size) {
    if (next === 0 || ++hops > pager.pageCount) {
      throw new CorruptionError(`the overflow chain of a cell on page ${page.pgno} ends early or loops`);
    }
    const overflow = pager.page(next);
    const take = Math.min(size - filled, usable - 4);
    overflow.copy(joined, filled, 4, 4 + take);
    filled += take;
    next = overflow.readUInt32BE(0);
  }
  out.buf = joined;
  out.start = 0;
  out.end = size;
}

/** Reads the payload of index cell i (leaf or interior) into `out`. */
export function readIndexCell(pager: Pager, page: BtreePage, i: number, out: Payload, cursor: Cursor): void {
  cursor.pos = page.cellOffset(i) + (page.isLeaf ? 0 : 4);
  const size = readVarint(page.buf, cursor);
  readPayload(pager, page, cursor.pos, size, false, out);
}
