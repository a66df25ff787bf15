import { CorruptionError } from './errors';
import type { TextEncoding } from './header';
import { readVarint, safeIntegerOrBigint, type Cursor } from './varint';

/** A value as SQLite stores it; integers beyond ±(2^53−1) are bigints. */
export type SqlValue = null | number | bigint | string | Uint8Array;

const TWO_POW_32 = 2 ** 32;
const utf16beDecoder = new TextDecoder('utf-16be');

/** Turns the text bytes of a record into a string, in the database's encoding. */
export function textDecoderFor(encoding: TextEncoding): (buf: Buffer, start: number, end: number) => string {
  switch (encoding) {
    case 'utf8':
      return (buf, start, end) => buf.toString('utf8', start, end);
    case 'utf16le':
      return (buf, start, end) => buf.toString('utf16le', start, end);
    case 'utf16be':
      return (buf, start, end) => utf16beDecoder.decode(buf.subarray(start, end));
  }
}

/** Bytes taken by the value of a serial type in a record's body (10 and 11 are reserved). */
export function serialTypeSize(serialType: number): number {
  if (serialType >= 12) return (serialType - 12 - (serialType & 1)) / 2;
  switch (serialType) {
    case 0:
    case 8:
    case 9:
      return 0;
    case 5:
      return 6;
    case 6:
    case 7:
      return 8;
    case 10:
    case 11:
      throw new CorruptionError(`reserved serial type ${serialType} in a record`);
    default:
      return serialType; // 1..4
  }
}

/** Serial types 0–9 (NULL, big-endian signed integers, IEEE doubles, the constants 0 and 1). */
export function decodeNumber(buf: Buffer, pos: number, serialType: number): number | bigint | null {
  switch (serialType) {
    case 0:
      return null;
    case 1:
      return (buf[pos] << 24) >> 24;
    case 2:
      return (((buf[pos] << 24) >> 16) | buf[pos + 1]);
    case 3:
      return (((buf[pos] << 24) >> 8) | (buf[pos + 1] << 8) | buf[pos + 2]);
    case 4:
      return (buf[pos] << 24) | (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3];
    case 5:
      return (((buf[pos] << 24) >> 16) | buf[pos + 1]) * TWO_POW_32 + readUint32(buf, pos + 2);
    case 6: {
      const value = ((buf[pos] << 24) | (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]) * TWO_POW_32 + readUint32(buf, pos + 4);
      return Number.isSafeInteger(value) ? value : safeIntegerOrBigint(buf.readBigInt64BE(pos));
    }
    case 7:
      return buf.readDoubleBE(pos);
    case 8:
      return 0;
    case 9:
      return 1;
    default:
      throw new CorruptionError(`reserved serial type ${serialType} in a record`);
  }
}

function readUint32(buf: Buffer, pos: number): number {
  return buf[pos] * 0x1000000 + ((buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]);
}

/** A copy, so callers never alias (or keep alive) a cached page. */
function copyBlob(buf: Buffer, pos: number, size: number): Uint8Array {
  const blob = new Uint8Array(size);
  blob.set(buf.subarray(pos, pos + size));
  return blob;
}

/** Short texts repeat from row to row (run ids, metric keys): reusing the string skips decoding it. */
const MEMO_MAX_BYTES = 64;

/**
 * Decodes records field by field into a caller's array. One decoder serves one table
 * or index of a snapshot; it remembers each field's last short text.
 */
export class RecordDecoder {
  private readonly cursor: Cursor = { pos: 0 };
  private readonly memoBufs: (Buffer | undefined)[] = [];
  private readonly memoStarts: number[] = [];
  private readonly memoSizes: number[] = [];
  private readonly memoTexts: string[] = [];

  constructor(private readonly decodeText: (buf: Buffer, start: number, end: number) => string) {}

  /**
   * Decodes up to `limit` fields of the record in buf[start, end) into out[0..];
   * returns how many fields the record has (it may have fewer than the schema's columns).
   */
  decode(buf: Buffer, start: number, end: number, out: SqlValue[], limit: number): number {
    const cursor = this.cursor;
    cursor.pos = start;
    const headerEnd = start + readVarint(buf, cursor);
    if (headerEnd > end || headerEnd <= start) throw new CorruptionError('record header is larger than its payload');
    let body = headerEnd;
    let count = 0;
    while (cursor.pos < headerEnd) {
      const serialType = buf[cursor.pos] < 0x80 ? buf[cursor.pos++] : readVarint(buf, cursor);
      const size = serialType < 12 ? serialTypeSize(serialType) : (serialType - 12 - (serialType & 1)) / 2;
      if (body + size > end) throw new CorruptionError('record field extends past its payload');
      if (count < limit) {
        if (serialType < 12) out[count] = decodeNumber(buf, body, serialType);
        else if (serialType & 1) out[count] = this.text(count, buf, body, size);
        else out[count] = copyBlob(buf, body, size);
      }
      body += size;
      count++;
    }
    if (cursor.pos !== headerEnd) throw new CorruptionError('record header ends inside a serial type');
    return count;
  }

  /** The last field as an integer: the rowid that ends every index entry of a rowid table. */
  lastInteger(buf: Buffer, start: number, end: number): number | bigint {
    const cursor = this.cursor;
    cursor.pos = start;
    const headerEnd = start + readVarint(buf, cursor);
    if (headerEnd > end || headerEnd <= start) throw new CorruptionError('record header is larger than its payload');
    let body = headerEnd;
    let serialType = 0;
    let size = 0;
    while (cursor.pos < headerEnd) {
      body += size;
      serialType = readVarint(buf, cursor);
      size = serialTypeSize(serialType);
    }
    const value = serialType >= 1 && serialType <= 9 && serialType !== 7 && body + size <= end ? decodeNumber(buf, body, serialType) : null;
    if (value === null) throw new CorruptionError('an index entry does not end with an integer rowid');
    return value as number | bigint;
  }

  private text(field: number, buf: Buffer, start: number, size: number): string {
    if (size > MEMO_MAX_BYTES) return this.decodeText(buf, start, start + size);
    const memoBuf = this.memoBufs[field];
    if (memoBuf !== undefined) {
      const memoStart = this.memoStarts[field];
      const memoSize = this.memoSizes[field];
      if (memoSize === size) {
        let i = 0;
        while (i < size && memoBuf[memoStart + i] === buf[start + i]) i++;
        if (i === size) return this.memoTexts[field];
      }
    }
    const text = this.decodeText(buf, start, start + size);
    this.memoBufs[field] = buf;
    this.memoStarts[field] = start;
    this.memoSizes[field] = size;
    this.memoTexts[field] = text;
    return text;
  }
}
