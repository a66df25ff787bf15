import { CorruptionError } from './errors';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export const HEADER_SIZE = 100;
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The fields of the 100-byte database header this reader relies on. */
export interface DatabaseHeader {
  readonly pageSize: number;
  /** Page size minus the bytes reserved at the end of every page (for extensions). */
  readonly usableSize: number;
  readonly writeVersion: number; // 1 rollback journal, 2 WAL
  readonly readVersion: number;
  readonly changeCounter: number;
  /** The in-header page count, or undefined when it is stale (written by an old SQLite). */
  readonly pageCount: number | undefined;
  readonly schemaCookie: number;
  readonly schemaFormat: number;
  readonly textEncoding: TextEncoding;
}

export function hasMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.compare(MAGIC, bytes.subarray(0, MAGIC.length)) === 0;
}

/** Parses the header; the caller has already checked the magic string. */
export function parseHeader(bytes: Buffer): DatabaseHeader {
  const rawPageSize = bytes.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new CorruptionError(`invalid page size ${rawPageSize} in the database header`);
  }
  const reserved = bytes[20];
  const usableSize = pageSize - reserved;
  if (usableSize < 480) throw new CorruptionError(`invalid reserved space ${reserved} in the database header`);
  if (bytes[21] !== 64 || bytes[22] !== 32 || bytes[23] !== 32) {
    throw new CorruptionError('invalid payload fractions in the database header');
  }
  const changeCounter = bytes.readUInt32BE(24);
  const headerPageCount = bytes.readUInt32BE(28);
  const versionValidFor = bytes.readUInt32BE(92);
  const encodingCode = bytes.readUInt32BE(56);
  return {
    pageSize,
    usableSize,
    writeVersion: bytes[18],
    readVersion: bytes[19],
    changeCounter,
    pageCount: headerPageCount !== 0 && versionValidFor === changeCounter ? headerPageCount : undefined,
    schemaCookie: bytes.readUInt32BE(40),
    schemaFormat: bytes.readUInt32BE(44),
    textEncoding: textEncodingOf(encodingCode),
  };
}

function textEncodingOf(code: number): TextEncoding {
  switch (code) {
    case 0: // a database whose schema is still empty has not chosen one yet
    case 1:
      return 'utf8';
    case 2:
      return 'utf16le';
    case 3:
      return 'utf16be';
    default:
      throw new CorruptionError(`invalid text encoding ${code} in the database header`);
  }
}
