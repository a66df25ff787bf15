// One HTTP request and its whole response body, with an inactivity timeout (like requests'
// connect/read timeout) and cancellation that destroys the socket at once.
import * as http from 'node:http';
import * as https from 'node:https';

export interface ExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agents: { http: http.Agent; https: https.Agent };
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ExchangeResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type ExchangeFailureKind = 'timeout' | 'cancelled' | 'network';

/** A request that got no complete response; `code` is Node's (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
export class ExchangeFailure extends Error {
  constructor(
    readonly kind: ExchangeFailureKind,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind}: ${code}`, options);
    this.name = 'ExchangeFailure';
  }
}

export function exchange(request: ExchangeRequest): Promise<ExchangeResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(new ExchangeFailure('cancelled', 'ABORTED'));
      return;
    }
    const isHttps = request.url.protocol === 'https:';
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      action();
    };
    const fail = (failure: ExchangeFailure): void => {
      settle(() => reject(failure));
      outgoing.destroy();
    };
    const options: http.RequestOptions = {
      method: request.method,
      headers: request.headers,
      agent: isHttps ? request.agents.https : request.agents.http,
    };
    const outgoing = (isHttps ? https : http).request(request.url, options, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        timer.refresh();
      });
      incoming.on('end', () =>
        settle(() =>
          resolve({
            status: incoming.statusCode ?? 0,
            statusText: incoming.statusMessage ?? '',
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        ),
      );
      incoming.on('error', (error) => fail(networkFailure(error)));
      incoming.on('close', () => {
        if (!incoming.complete) fail(new ExchangeFailure('network', 'ECONNRESET'));
      });
    });
    const timer = setTimeout(() => fail(new ExchangeFailure('timeout', 'ETIMEDOUT')), request.timeoutMs);
    const onAbort = (): void => fail(new ExchangeFailure('cancelled', 'ABORTED'));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', (error) => fail(networkFailure(error)));
    outgoing.end(request.body);
  });
}

function networkFailure(error: Error): ExchangeFailure {
  const code = (error as NodeJS.ErrnoException).code ?? error.message;
  return new ExchangeFailure('network', code, { cause: error });
}
