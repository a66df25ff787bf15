import { TextDecoder } from 'node:util';
import type { CountingFile } from './countingFile';

export const textChunkBytes = 64 * 1024;

export interface TextChunk {
  text: string;
  /** the bytes the text was decoded from */
  bytes: number;
  /** the chunk reached the end of the file */
  last: boolean;
}

/** The encoding a byte-order mark names; UTF-8 without one. */
export function encodingOf(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Decoded text of a file, chunk by chunk from the start; the decoder drops a BOM and keeps
 * characters split across chunk boundaries whole.
 */
export async function* textChunks(file: CountingFile, signal?: AbortSignal): AsyncGenerator<TextChunk> {
  let decoder: TextDecoder | undefined;
  for (let position = 0; position < file.size || position === 0; ) {
    signal?.throwIfAborted();
    const bytes = await file.read(position, textChunkBytes);
    position += bytes.length;
    decoder ??= new TextDecoder(encodingOf(bytes));
    const last = bytes.length === 0 || position >= file.size;
    yield { text: decoder.decode(bytes, { stream: !last }), bytes: bytes.length, last };
    if (last) return;
  }
}
