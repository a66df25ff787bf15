// Reads the JSON progress stream the engine answers builds and pushes with. A failed build or
// push still answers HTTP 200: the failure is an event with `error`/`errorDetail`, so every
// event is checked. Lines are handed on as they arrive, for the log.
import { BuildError } from './buildErrors';

export interface DockerEvent {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { ID?: string; Digest?: string; Tag?: string; Size?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

/** The engine reported a failure inside the stream; `tail` holds the output lines before it. */
export class DockerStreamError extends Error {
  constructor(
    readonly detail: string,
    readonly tail: string[],
  ) {
    super(detail);
    this.name = 'DockerStreamError';
  }
}

export interface FollowOptions {
  onEvent?: (event: DockerEvent) => void;
  /** each line of output text, for the log */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  /** the stream is given up when it sends nothing for this long */
  inactivityTimeoutMs: number;
  /** for messages: "the build", "the push" */
  what: string;
}

const TAIL_LINES = 40;

/** Resolves with every event once the stream ends cleanly; rejects on the first error event. */
export function followDockerStream(stream: NodeJS.ReadableStream, options: FollowOptions): Promise<DockerEvent[]> {
  return new Promise((resolve, reject) => {
    const events: DockerEvent[] = [];
    const tail: string[] = [];
    let partialLine = '';
    let pending = '';
    let settled = false;
    const emitLine = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      options.onLine?.(line);
    };
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        reject(error);
      } else {
        if (partialLine !== '') emitLine(partialLine);
        resolve(events);
      }
    };
    const handle = (event: DockerEvent) => {
      events.push(event);
      options.onEvent?.(event);
      const text = eventText(event);
      if (text !== null) {
        const lines = (partialLine + text).split(/\r?\n/);
        partialLine = lines.pop() ?? '';
        for (const line of lines) emitLine(line);
      }
      const detail = event.errorDetail?.message || event.error;
      if (detail) {
        if (partialLine !== '') emitLine(partialLine);
        partialLine = '';
        finish(new DockerStreamError(detail.trim(), [...tail]));
      }
    };
    const onAbort = () => finish(new BuildError('CANCELLED', `${options.what} was cancelled`));
    let timer = setTimeout(() => undefined, 0);
    const resetTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(new BuildError('TIMEOUT', `the Docker engine sent nothing about ${options.what} for ${Math.round(options.inactivityTimeoutMs / 1000)} s; it was given up`)),
        options.inactivityTimeoutMs,
      );
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    resetTimer();
    stream.on('data', (chunk: Buffer | string) => {
      if (settled) return;
      resetTimer();
      pending += chunk.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (!settled && line.trim() !== '') handle(parseEvent(line));
    });
    stream.on('end', () => {
      if (!settled && pending.trim() !== '') handle(parseEvent(pending));
      finish(null);
    });
    stream.on('error', (error: Error) => finish(options.signal?.aborted ? new BuildError('CANCELLED', `${options.what} was cancelled`) : error));
    // 'close' without 'end': the connection dropped mid-stream.
    stream.on('close', () => finish(new Error(`the connection to the Docker engine closed before ${options.what} ended`)));
  });
}

/** An event from one line; a line that is not JSON is kept as output text. */
export function parseEvent(line: string): DockerEvent {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as DockerEvent;
  } catch {
    // plain text
  }
  return { stream: `${line}\n` };
}

/** The text an event shows in a log, or null for events that carry only data (aux, progress bars). */
export function eventText(event: DockerEvent): string | null {
  if (event.stream !== undefined) return event.stream;
  if (event.status !== undefined) {
    // Per-layer byte counts arrive many times a second; the log keeps only the state changes.
    if (event.progressDetail && (event.progressDetail.current ?? 0) > 0) return null;
    return `${event.id ? `${event.id}: ` : ''}${event.status}\n`;
  }
  return null;
}
