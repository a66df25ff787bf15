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

/** Decodes the value of one field whose body starts at `pos` (bounds already checked). */
export function decodeValue(
  buf: Buffer,
  pos: number,
  serialType: number,
  decodeText: (buf: Buffer, start: number, end: number) => string,
): SqlValue {
  switch (serialType) {
    case 0:
      return null;
    case 1:
      return buf.readInt8(pos);
    case 2:
      return buf.readInt16BE(pos);
    case 3:
      return buf.readIntBE(pos, 3);
    case 4:
      return buf.readInt32BE(pos);
    case 5:
      return buf.readIntBE(pos, 6);
    case 6: {
      const value = buf.readInt32BE(pos) * TWO_POW_32 + buf.readUInt32BE(pos + 4);
      return Number.isSafeInteger(value) ? value : safeIntegerOrBigint(buf.readBigInt64BE(pos));
    }
    case 7:
      return buf.readDoubleBE(pos);
    case 8:
      return 0;
    case 9:
      return 1;
  }
  const size = (serialType - 12 - (serialType & 1)) / 2;
  if (serialType & 1) return decodeText(buf, pos, pos + size);
  const blob = new Uint8Array(size);
  blob.set(buf.subarray(pos, pos + size));
  return blob;
}

/**
 * Decodes up to `limit` fields of the record in buf[start, end) into out[0..];
 * returns how many fields the record has (it may have fewer than the schema's columns).
 */
export function decodeRecord(
  buf: Buffer,
  start: number,
  end: number,
  out: SqlValue[],
  limit: number,
  decodeText: (buf: Buffer, start: number, end: number) => string,
  cursor: Cursor,
): number {
  cursor.pos = start;
  const headerSize = readVarint(buf, cursor);
  const headerEnd = start + headerSize;
  if (headerEnd > end || headerSize < 1) throw new CorruptionError('record header is larger than its payload');
  let body = headerEnd;
  let count = 0;
  while (cursor.pos < headerEnd) {
    const serialType = readVarint(buf, cursor);
    const size = serialTypeSize(serialType);
    if (body + size > end) throw new CorruptionError('record field extends past its payload');
    if (count < limit) out[count] = decodeValue(buf, body, serialType, decodeText);
    body += size;
    count++;
  }
  if (cursor.pos !== headerEnd) throw new CorruptionError('record header ends inside a serial type');
  return count;
}
