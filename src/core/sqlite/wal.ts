import * as fs from 'node:fs';
import * as os from 'node:os';
import { CorruptionError } from './errors';

const WAL_HEADER_SIZE = 32;
const FRAME_HEADER_SIZE = 24;
const MAGIC_LITTLE_ENDIAN_CHECKSUMS = 0x377f0682;
const MAGIC_BIG_ENDIAN_CHECKSUMS = 0x377f0683;
const WAL_FORMAT_VERSION = 3007000;
const READ_CHUNK_BYTES = 1 << 20;
const HOST_IS_BIG_ENDIAN = os.endianness() === 'BE';

/** The committed content of a write-ahead log, as of its last valid commit frame. */
export interface WalIndex {
  /** The 32 header bytes: their salts change whenever a writer restarts the log. */
  readonly header: Buffer;
  readonly pageSize: number;
  /** Page number → file offset of the page image in its newest committed frame. */
  readonly pages: ReadonlyMap<number, number>;
  readonly committedFrames: number;
  /** File offset just past the last commit frame. */
  readonly committedEnd: number;
  /** Database size in pages after the last commit; 0 when the log holds no commit. */
  readonly dbPageCount: number;
  /** Pages committed after the index this one continued; undefined when it was read from scratch. */
  readonly changedPages: readonly number[] | undefined;
  readonly checksum: readonly [number, number];
}

/**
 * Reads the valid committed frames of a WAL file. Continues from `previous` when the
 * header is unchanged, since frames of one generation are only ever appended.
 * Returns undefined when the file holds no valid header (SQLite then ignores it).
 */
export function readWal(fd: number, fileSize: number, dbPageSize: number, previous?: WalIndex): WalIndex | undefined {
  if (fileSize < WAL_HEADER_SIZE) return undefined;
  const header = Buffer.alloc(WAL_HEADER_SIZE);
  if (fs.readSync(fd, header, 0, WAL_HEADER_SIZE, 0) < WAL_HEADER_SIZE) return undefined;
  const magic = header.readUInt32BE(0);
  if (magic !== MAGIC_LITTLE_ENDIAN_CHECKSUMS && magic !== MAGIC_BIG_ENDIAN_CHECKSUMS) return undefined;
  if (header.readUInt32BE(4) !== WAL_FORMAT_VERSION) return undefined;
  const pageSize = header.readUInt32BE(8) === 1 ? 65536 : header.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  const bigEndian = magic === MAGIC_BIG_ENDIAN_CHECKSUMS;
  const sum = { s0: 0, s1: 0 };
  addChecksum(header, 0, 24, bigEndian, sum);
  if (sum.s0 !== header.readUInt32BE(24) || sum.s1 !== header.readUInt32BE(28)) return undefined;
  if (pageSize !== dbPageSize) {
    throw new CorruptionError(`the WAL's page size ${pageSize} differs from the database's ${dbPageSize}`);
  }

  const continues = previous !== undefined && previous.header.equals(header) && fileSize >= previous.committedEnd;
  const state: ScanState = continues
    ? {
        pages: previous.pages,
        frames: previous.committedFrames,
        end: previous.committedEnd,
        dbPageCount: previous.dbPageCount,
        checksum: previous.checksum,
      }
    : { pages: new Map(), frames: 0, end: WAL_HEADER_SIZE, dbPageCount: 0, checksum: [sum.s0, sum.s1] };
  const changedPages: number[] = [];
  const committed = scanFrames(fd, fileSize, header, pageSize, bigEndian, state, changedPages);
  return {
    header,
    pageSize,
    pages: committed.pages,
    committedFrames: committed.frames,
    committedEnd: committed.end,
    dbPageCount: committed.dbPageCount,
    checksum: committed.checksum,
    changedPages: continues ? changedPages : undefined,
  };
}

interface ScanState {
  /** Shared with the index this scan continues until the first new commit copies it. */
  pages: ReadonlyMap<number, number>;
  frames: number;
  end: number;
  dbPageCount: number;
  checksum: readonly [number, number];
}

/** Walks frames after state.end; commits a transaction's frames only when its commit frame is valid. */
function scanFrames(
  fd: number,
  fileSize: number,
  header: Buffer,
  pageSize: number,
  bigEndian: boolean,
  state: ScanState,
  changedPages: number[],
): ScanState {
  const frameSize = FRAME_HEADER_SIZE + pageSize;
  const framesPerChunk = Math.max(1, Math.floor(READ_CHUNK_BYTES / frameSize));
  const chunk = Buffer.allocUnsafeSlow(framesPerChunk * frameSize);
  const salt1 = header.readUInt32BE(16);
  const salt2 = header.readUInt32BE(20);
  const sum = { s0: state.checksum[0], s1: state.checksum[1] };
  const pending = new Map<number, number>();
  let offset = state.end;
  let frames = state.frames;
  let result = state;
  let pages: Map<number, number> | undefined;
  while (offset + frameSize <= fileSize) {
    const wanted = Math.min(framesPerChunk, Math.floor((fileSize - offset) / frameSize)) * frameSize;
    const got = fs.readSync(fd, chunk, 0, wanted, offset);
    const whole = Math.floor(got / frameSize);
    if (whole === 0) break;
    for (let i = 0; i < whole; i++) {
      const at = i * frameSize;
      const pgno = chunk.readUInt32BE(at);
      const commitSize = chunk.readUInt32BE(at + 4);
      if (pgno === 0 || chunk.readUInt32BE(at + 8) !== salt1 || chunk.readUInt32BE(at + 12) !== salt2) return result;
      addChecksum(chunk, at, at + 8, bigEndian, sum);
      addChecksum(chunk, at + FRAME_HEADER_SIZE, at + frameSize, bigEndian, sum);
      if (sum.s0 !== chunk.readUInt32BE(at + 16) || sum.s1 !== chunk.readUInt32BE(at + 20)) return result;
      frames++;
      pending.set(pgno, offset + at + FRAME_HEADER_SIZE);
      if (commitSize !== 0) {
        pages ??= new Map(state.pages);
        for (const [page, dataOffset] of pending) {
          pages.set(page, dataOffset);
          changedPages.push(page);
        }
        pending.clear();
        result = { pages, frames, end: offset + at + frameSize, dbPageCount: commitSize, checksum: [sum.s0, sum.s1] };
      }
    }
    offset += whole * frameSize;
  }
  return result;
}

/** SQLite's WAL checksum: Fibonacci-weighted sums of 32-bit word pairs, in the log's byte order. */
function addChecksum(buf: Buffer, start: number, end: number, bigEndian: boolean, sum: { s0: number; s1: number }): void {
  let s0 = sum.s0;
  let s1 = sum.s1;
  if ((buf.byteOffset + start) % 4 === 0) {
    const words = new Uint32Array(buf.buffer, buf.byteOffset + start, (end - start) >>> 2);
    const swap = bigEndian !== HOST_IS_BIG_ENDIAN;
    for (let i = 0; i < words.length; i += 2) {
      const x0 = swap ? byteSwap(words[i]) : words[i];
      const x1 = swap ? byteSwap(words[i + 1]) : words[i + 1];
      s0 = (s0 + x0 + s1) >>> 0;
      s1 = (s1 + x1 + s0) >>> 0;
    }
  } else {
    for (let i = start; i < end; i += 8) {
      const x0 = bigEndian ? buf.readUInt32BE(i) : buf.readUInt32LE(i);
      const x1 = bigEndian ? buf.readUInt32BE(i + 4) : buf.readUInt32LE(i + 4);
      s0 = (s0 + x0 + s1) >>> 0;
      s1 = (s1 + x1 + s0) >>> 0;
    }
  }
  sum.s0 = s0;
  sum.s1 = s1;
}

function byteSwap(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}
