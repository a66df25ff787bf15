import { CorruptionError, UnsupportedError } from './errors';
import type { TextEncoding } from './header';
import { decodeNumber, serialTypeSize, type SqlValue } from './record';
import { readVarint, type Cursor } from './varint';

const NULL_CLASS = 0;
const NUMBER_CLASS = 1;
const TEXT_CLASS = 2;
const BLOB_CLASS = 3;

type Collation = 'BINARY' | 'NOCASE' | 'RTRIM';
const SPACE = 0x20;

/** The leading values of an index key, pre-encoded so comparisons read the page bytes directly. */
export interface SeekKey {
  readonly length: number;
  readonly classes: number[];
  readonly numbers: (number | bigint)[];
  /** Text in the database encoding (BINARY) or UTF-8 (other collations, which SQLite runs on UTF-8); blobs as is. */
  readonly bytes: (Buffer | undefined)[];
  readonly collations: Collation[];
  readonly descending: boolean[];
}

export interface KeyColumn {
  readonly collation: string | undefined;
  readonly descending: boolean;
}

export function makeSeekKey(values: readonly SqlValue[], columns: readonly KeyColumn[], encoding: TextEncoding): SeekKey {
  const key: SeekKey = { length: values.length, classes: [], numbers: [], bytes: [], collations: [], descending: [] };
  values.forEach((value, i) => {
    const collation = (columns[i]?.collation ?? 'BINARY').toUpperCase();
    if (collation !== 'BINARY' && collation !== 'NOCASE' && collation !== 'RTRIM') {
      throw new UnsupportedError(`collation ${collation} is not supported for index seeks`);
    }
    key.collations.push(collation);
    key.descending.push(columns[i]?.descending ?? false);
    key.numbers.push(0);
    key.bytes.push(undefined);
    if (value === null) {
      key.classes.push(NULL_CLASS);
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      key.classes.push(NUMBER_CLASS);
      key.numbers[i] = value;
    } else if (typeof value === 'string') {
      key.classes.push(TEXT_CLASS);
      key.bytes[i] = collation === 'BINARY' ? encodeText(value, encoding) : Buffer.from(value, 'utf8');
    } else {
      key.classes.push(BLOB_CLASS);
      key.bytes[i] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  });
  return key;
}

function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const bytes = Buffer.from(text, 'utf16le');
  return encoding === 'utf16be' ? bytes.swap16() : bytes;
}

/**
 * Compares the first key.length fields of the record in buf[start, end) with the key,
 * using SQLite's ordering: NULL < numbers < text < blob, text by collation.
 */
export function compareToKey(
  buf: Buffer,
  start: number,
  end: number,
  key: SeekKey,
  encoding: TextEncoding,
  decodeText: (buf: Buffer, start: number, end: number) => string,
  cursor: Cursor,
): number {
  cursor.pos = start;
  const headerEnd = start + readVarint(buf, cursor);
  if (headerEnd > end) throw new CorruptionError('index record header is larger than its payload');
  let body = headerEnd;
  for (let i = 0; i < key.length; i++) {
    if (cursor.pos >= headerEnd) return -1; // a record shorter than the key sorts first
    const serialType = readVarint(buf, cursor);
    const size = serialTypeSize(serialType);
    if (body + size > end) throw new CorruptionError('index record field extends past its payload');
    const fieldClass = serialType === 0 ? NULL_CLASS : serialType < 12 ? NUMBER_CLASS : serialType & 1 ? TEXT_CLASS : BLOB_CLASS;
    let result: number;
    if (fieldClass !== key.classes[i]) {
      result = fieldClass < key.classes[i] ? -1 : 1;
    } else if (fieldClass === NUMBER_CLASS) {
      const value = decodeNumber(buf, body, serialType) as number | bigint;
      const wanted = key.numbers[i];
      result = value < wanted ? -1 : value > wanted ? 1 : 0;
    } else if (fieldClass === TEXT_CLASS && key.collations[i] !== 'BINARY') {
      const utf8 = encoding === 'utf8' ? buf.subarray(body, body + size) : Buffer.from(decodeText(buf, body, body + size), 'utf8');
      result = compareCollated(utf8, key.bytes[i] as Buffer, key.collations[i]);
    } else if (fieldClass === NULL_CLASS) {
      result = 0;
    } else {
      result = compareBytes(buf, body, size, key.bytes[i] as Buffer);
    }
    if (result !== 0) return key.descending[i] ? -result : result;
    body += size;
  }
  return 0;
}

/** memcmp order of buf[start, start + size) against `wanted`; a JS loop beats a native call for short keys. */
function compareBytes(buf: Buffer, start: number, size: number, wanted: Buffer): number {
  const wantedSize = wanted.length;
  if (size > 64 && wantedSize > 64) return -wanted.compare(buf, start, start + size);
  const n = size < wantedSize ? size : wantedSize;
  for (let i = 0; i < n; i++) {
    const a = buf[start + i];
    const b = wanted[i];
    if (a !== b) return a < b ? -1 : 1;
  }
  return size === wantedSize ? 0 : size < wantedSize ? -1 : 1;
}

function compareCollated(a: Buffer, b: Buffer, collation: Collation): number {
  if (collation === 'RTRIM') return Buffer.compare(trimTrailingSpaces(a), trimTrailingSpaces(b));
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = foldAscii(a[i]);
    const y = foldAscii(b[i]);
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function foldAscii(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

function trimTrailingSpaces(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === SPACE) end--;
  return bytes.subarray(0, end);
}
