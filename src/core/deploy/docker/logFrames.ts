import { StringDecoder } from 'node:string_decoder';
import type { LogLine } from '../deploymentTarget';

const HEADER = 8;

/**
 * Splits the engine's multiplexed log stream (an 8-byte header per frame: stream, 0, 0, 0, length)
 * into lines per stream. Chunks may end anywhere, even inside a header; a line may span frames.
 * A stream that is not multiplexed (a container with a TTY) is passed through as stdout.
 */
export class LogFrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private raw = false;
  private readonly partial: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };
  // A character may be split between frames.
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(private readonly onLine: (line: LogLine) => void) {}

  push(chunk: Buffer): void {
    if (this.raw) return this.text('stdout', chunk);
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER) {
      const type = this.pending[0];
      if (type > 2 || this.pending[1] !== 0 || this.pending[2] !== 0 || this.pending[3] !== 0) {
        this.raw = true;
        const rest = this.pending;
        this.pending = Buffer.alloc(0);
        return this.text('stdout', rest);
      }
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + length) return;
      this.text(type === 2 ? 'stderr' : 'stdout', this.pending.subarray(HEADER, HEADER + length));
      this.pending = this.pending.subarray(HEADER + length);
    }
  }

  /** Emits what is left: a last line without a newline. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.partial[stream] + this.decoders[stream].end();
      if (rest) this.onLine({ stream, text: rest });
      this.partial[stream] = '';
    }
  }

  private text(stream: LogLine['stream'], bytes: Buffer): void {
    const lines = (this.partial[stream] + this.decoders[stream].write(bytes)).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.onLine({ stream, text: line.replace(/\r$/, '') });
  }
}

/** The lines of a complete (not followed) log. */
export function decodeLogBuffer(buffer: Buffer): LogLine[] {
  const lines: LogLine[] = [];
  const decoder = new LogFrameDecoder((line) => lines.push(line));
  decoder.push(buffer);
  decoder.end();
  return lines;
}
