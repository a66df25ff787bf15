import * as http from 'node:http';
import * as https from 'node:https';
import { abortError } from '../deployError';
import type { ClusterAccess } from './clusterAccess';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** e.g. /api/v1/namespaces/default/pods/x/log */
  path: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  signal: AbortSignal;
}

/**
 * A raw request to the API server with the kubeconfig's credentials and TLS settings, for what
 * the generated clients do not stream or pass through: a followed log, the Service proxy.
 * Resolves with the response as it starts; the caller reads (or discards) its body.
 */
export async function apiRequest(access: ClusterAccess, request: ApiRequest): Promise<http.IncomingMessage> {
  if (request.signal.aborted) throw abortError(request.signal);
  const url = new URL(access.server.replace(/\/+$/, '') + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  const options: https.RequestOptions = { headers: {} };
  await access.kubeConfig.applyToHTTPSOptions(options);
  const headers: http.OutgoingHttpHeaders = { ...(options.headers as http.OutgoingHttpHeaders), accept: '*/*' };
  if (request.body !== undefined) {
    headers['content-type'] = request.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(request.body);
  }
  const secure = url.protocol === 'https:';
  // the kubeconfig's agent carries the TLS material and is an https.Agent; a plain-http server gets none
  const transport = secure
    ? { module: https, options: { ...options, headers, method: request.method } as https.RequestOptions }
    : { module: http, options: { headers, auth: options.auth, method: request.method } as http.RequestOptions };
  return new Promise((resolve, reject) => {
    // Cancelling by hand rather than with the `signal` option: Node's abort of a request whose
    // answer has just ended throws an uncaught AbortError.
    let response: http.IncomingMessage | undefined;
    const onAbort = () => (response ? response.destroy(abortError(request.signal)) : req.destroy(abortError(request.signal)));
    const req = transport.module.request(url, transport.options, (answer) => {
      response = answer;
      answer.on('close', () => request.signal.removeEventListener('abort', onAbort));
      resolve(answer);
    });
    request.signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      request.signal.removeEventListener('abort', onAbort);
      reject(request.signal.aborted ? abortError(request.signal) : error);
    });
    req.end(request.body);
  });
}

/** The whole body as text (bounded), for short answers. */
export function readBody(response: http.IncomingMessage, maxBytes = 4 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    response.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(size > maxBytes ? `${text}\n… (${size} bytes; the first ${maxBytes} shown)` : text);
    });
    response.on('error', reject);
  });
}
