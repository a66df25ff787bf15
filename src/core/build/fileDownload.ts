// Streams one HTTP(S) response body into a file, with an inactivity timeout and cancellation
// that destroys the socket at once; a partial file is removed.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { pipeline } from 'node:stream/promises';

export interface DownloadRequest {
  url: URL;
  headers: Record<string, string>;
  agents: { http: http.Agent; https: https.Agent };
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Thrown for a response other than 200; the body (an MLflow error, usually) is kept short. */
export class DownloadStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
    this.name = 'DownloadStatusError';
  }
}

export async function downloadToFile(request: DownloadRequest, file: string): Promise<number> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const resetTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${request.timeoutMs / 1000} s`)), request.timeoutMs);
  };
  try {
    if (request.signal?.aborted) throw request.signal.reason;
    resetTimer();
    const response = await get(request, controller.signal);
    if (response.statusCode !== 200) throw new DownloadStatusError(response.statusCode ?? 0, await readText(response));
    let bytes = 0;
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      resetTimer();
    });
    await pipeline(response, fs.createWriteStream(file), { signal: controller.signal });
    return bytes;
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw controller.signal.aborted && !(error instanceof DownloadStatusError) ? (controller.signal.reason ?? error) : error;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

function get(request: DownloadRequest, signal: AbortSignal): Promise<http.IncomingMessage> {
  const isHttps = request.url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const outgoing = (isHttps ? https : http).get(request.url, {
      headers: request.headers,
      agent: isHttps ? request.agents.https : request.agents.http,
      signal,
    });
    outgoing.once('response', resolve);
    outgoing.once('error', reject);
  });
}

async function readText(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    if (chunks.length > 16) break;
  }
  response.destroy();
  return Buffer.concat(chunks).toString('utf8').trim();
}
