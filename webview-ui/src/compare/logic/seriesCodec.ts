import type { EncodedSeries } from '../../../../src/protocol/compare';

/** One metric history of one run as typed arrays: no object per point. */
export interface DecodedSeries {
  runId: string;
  key: string;
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float32Array;
  totalPoints: number;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const invalid = 255;
const lookup = new Uint8Array(128).fill(invalid);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

/** Standard base64 (with or without padding) to bytes; throws on characters outside the alphabet. */
export function decodeBase64(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end % 4 === 1) throw new Error(`base64 text of length ${text.length} is truncated`);
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let out = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const sextet = code < 128 ? lookup[code] : invalid;
    if (sextet === invalid) throw new Error(`invalid base64 character at ${i}`);
    buffer = ((buffer << 6) | sextet) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    chunk += alphabet[a >> 2] + alphabet[((a & 3) << 4) | (b >> 4)];
    chunk += i + 1 < bytes.length ? alphabet[((b & 15) << 2) | (c >> 6)] : '=';
    chunk += i + 2 < bytes.length ? alphabet[c & 63] : '=';
    // Joining chunks keeps string building linear for multi-megabyte arrays.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

const platformIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function float64s(bytes: Uint8Array, what: string): Float64Array {
  if (bytes.byteLength % 8 !== 0) throw new Error(`${what}: ${bytes.byteLength} bytes is not a whole number of Float64 values`);
  if (platformIsLittleEndian) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

function float32s(bytes: Uint8Array, what: string): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`${what}: ${bytes.byteLength} bytes is not a whole number of Float32 values`);
  if (platformIsLittleEndian) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Throws with the run and metric named when the arrays are malformed or of different lengths. */
export function decodeSeries(encoded: EncodedSeries): DecodedSeries {
  const what = `series ${encoded.key} of run ${encoded.runId}`;
  const steps = float64s(decodeBase64(encoded.steps), `${what} steps`);
  const timestamps = float64s(decodeBase64(encoded.timestamps), `${what} timestamps`);
  const values = float32s(decodeBase64(encoded.values), `${what} values`);
  if (steps.length !== values.length || timestamps.length !== values.length) {
    throw new Error(`${what}: ${steps.length} steps, ${timestamps.length} timestamps and ${values.length} values do not match`);
  }
  return { runId: encoded.runId, key: encoded.key, steps, timestamps, values, totalPoints: encoded.totalPoints };
}

function littleEndianBytes(array: Float64Array | Float32Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (platformIsLittleEndian) return bytes;
  const size = array.BYTES_PER_ELEMENT;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) {
    for (let j = 0; j < size; j++) swapped[i + j] = bytes[i + size - 1 - j];
  }
  return swapped;
}

/** The inverse of decodeSeries, for tests and tools that play the host. */
export function encodeSeries(
  runId: string,
  key: string,
  points: { steps: ArrayLike<number>; timestamps: ArrayLike<number>; values: ArrayLike<number> },
  totalPoints: number,
): EncodedSeries {
  return {
    runId,
    key,
    steps: encodeBase64(littleEndianBytes(Float64Array.from(points.steps))),
    timestamps: encodeBase64(littleEndianBytes(Float64Array.from(points.timestamps))),
    values: encodeBase64(littleEndianBytes(Float32Array.from(points.values))),
    totalPoints,
  };
}
