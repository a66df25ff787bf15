import { setImmediate as nextTurn } from 'node:timers/promises';
import * as v8 from 'node:v8';
import type { ResultSlices } from './workerProtocol';

// About 2-3 ms of decoding on the main thread per slice (v8.deserialize reads ~100 MB/s of runs).
const SLICE_BYTES = 256 * 1024;
const FIRST_SLICE_LENGTH = 64;

export interface EncodedResult {
  /** the result without its sliced array, for the structured clone */
  value: unknown;
  slices: ResultSlices | null;
  transfer: ArrayBuffer[];
}

/**
 * Cuts the result's largest array into serialised slices. v8.serialize is the structured clone
 * algorithm itself, so the values are exactly those a postMessage would carry (NaN, ±Infinity,
 * undefined); only the decoding can now be spread over several event-loop turns.
 */
export function encodeResult(value: unknown): EncodedResult {
  const found = largestArray(value);
  if (!found) return { value, slices: null, transfer: [] };
  const buffers = serializeSlices(found.array);
  const rest = found.field === null ? null : { ...(value as Record<string, unknown>), [found.field]: [] };
  return { value: rest, slices: { field: found.field, buffers }, transfer: buffers };
}

/** Rebuilds the result, decoding one slice per event-loop turn; stops early once `wanted` says no. */
export async function decodeResult(value: unknown, slices: ResultSlices | null, wanted: () => boolean): Promise<unknown> {
  if (!slices) return value;
  const array: unknown[] = [];
  for (let i = 0; i < slices.buffers.length; i++) {
    if (i > 0) await nextTurn();
    if (!wanted()) return undefined;
    const part: unknown = v8.deserialize(new Uint8Array(slices.buffers[i]));
    if (!Array.isArray(part)) throw new TypeError('a result slice is not an array');
    for (const item of part) array.push(item);
  }
  if (slices.field === null) return array;
  return { ...(value as Record<string, unknown>), [slices.field]: array };
}

function largestArray(value: unknown): { field: string | null; array: unknown[] } | undefined {
  if (Array.isArray(value)) return { field: null, array: value };
  if (typeof value !== 'object' || value === null) return undefined;
  let found: { field: string; array: unknown[] } | undefined;
  for (const [field, item] of Object.entries(value)) {
    if (Array.isArray(item) && item.length > (found?.array.length ?? 0)) found = { field, array: item };
  }
  return found;
}

// The slice length adapts to the size of the items seen so far: runs are ~1 KB, metric points ~30 bytes.
function serializeSlices(array: unknown[]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  let length = FIRST_SLICE_LENGTH;
  for (let start = 0; start < array.length; ) {
    const slice = array.slice(start, start + length);
    const bytes = v8.serialize(slice);
    buffers.push(ownArrayBuffer(bytes));
    start += slice.length;
    length = Math.max(1, Math.round((SLICE_BYTES * slice.length) / bytes.length));
  }
  return buffers;
}

function ownArrayBuffer(bytes: Buffer): ArrayBuffer {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) return buffer;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
