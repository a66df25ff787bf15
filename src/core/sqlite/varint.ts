/** Where a decoder stopped; passed in and updated so hot loops allocate nothing. */
export interface Cursor {
  pos: number;
}

/**
 * Reads a SQLite varint (1–9 bytes, big-endian, 7 bits per byte, all 8 bits of the
 * 9th byte) at cursor.pos as an unsigned number. Only for values known to be small
 * (sizes, serial types, counts): values above 2^53 lose precision.
 */
export function readVarint(buf: Uint8Array, cursor: Cursor): number {
  let pos = cursor.pos;
  let byte = buf[pos++];
  if (byte < 0x80) {
    cursor.pos = pos;
    return byte;
  }
  let value = byte & 0x7f;
  for (let i = 1; i < 8; i++) {
    byte = buf[pos++];
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) {
      cursor.pos = pos;
      return value;
    }
  }
  value = value * 256 + buf[pos++];
  cursor.pos = pos;
  return value;
}

/**
 * Reads a varint as a signed 64-bit integer (rowids): a number when it is a safe
 * integer, otherwise a bigint.
 */
export function readSignedVarint(buf: Uint8Array, cursor: Cursor): number | bigint {
  let pos = cursor.pos;
  let value = 0;
  for (let i = 0; i < 7; i++) {
    const byte = buf[pos++];
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) {
      cursor.pos = pos; // at most 49 bits: exact and never negative
      return value;
    }
  }
  let big = BigInt(value);
  const eighth = buf[pos++];
  big = (big << 7n) | BigInt(eighth & 0x7f);
  if (eighth >= 0x80) big = (big << 8n) | BigInt(buf[pos++]);
  cursor.pos = pos;
  return safeIntegerOrBigint(BigInt.asIntN(64, big));
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** SQLite integers are 64-bit; JavaScript numbers hold them exactly only up to 2^53. */
export function safeIntegerOrBigint(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}
