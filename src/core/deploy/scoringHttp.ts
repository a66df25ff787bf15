import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { abortError } from './deployError';
import type { InvocationResult } from './deploymentTarget';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

interface Exchange {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * One HTTP exchange with a scoring server (MLflow's: `GET /ping`, `POST /invocations`). Rejects on
 * connection errors and on the timeout; a user abort rejects with an AbortError.
 */
export function scoringExchange({ url, method, body, timeoutMs, signal }: Exchange): Promise<InvocationResult> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const request = http.request(url, {
      method,
      signal: AbortSignal.any([signal, timeout]),
      headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      // A fresh connection per probe: a kept-alive socket to a stopped revision would answer for it.
      agent: false,
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          url,
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'] ?? null,
          body: size > MAX_BODY_BYTES ? `${text}\n… (${size} bytes; the first ${MAX_BODY_BYTES} shown)` : text,
          elapsedMs: performance.now() - started,
        });
      });
      response.on('error', fail);
    });
    request.on('error', fail);
    request.end(body);

    function fail(error: Error): void {
      if (signal.aborted) reject(abortError(signal));
      else if (timeout.aborted) reject(new Error(`${method} ${url} got no answer within ${Math.round(timeoutMs / 100) / 10} s`));
      else reject(error);
    }
  });
}

/** True when `GET /ping` answers 200 within `timeoutMs`; false on any other answer or none. */
export async function pingHealthy(baseUrl: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  try {
    return (await scoringExchange({ url: `${baseUrl}/ping`, method: 'GET', timeoutMs, signal })).status === 200;
  } catch (error) {
    if (signal.aborted) throw error;
    return false;
  }
}
