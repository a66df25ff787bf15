// Calls one MLflow REST endpoint the way mlflow.utils.rest_utils.call_endpoint does: GET
// parameters in the query string, POST parameters as a JSON body, retries with backoff on
// transient failures, and the answer parsed as a JSON object.
import { TrackingError } from '../errors';
import { abortableDelay } from './abortableDelay';
import type { ClientSettings } from './clientSettings';
import type { Authorization } from './credentials';
import { ExchangeFailure, type ExchangeResponse, exchange } from './httpExchange';
import { failureError, invalidJsonError, responseError } from './httpErrors';
import { isObject, type JsonObject } from './jsonFields';
import { MAX_REDIRECTS, type RedirectableRequest, isRedirect, redirectedRequest } from './redirects';
import { isRetriedStatus, retryDelayMs } from './retryPolicy';
import { type TransportAgents, createAgents, destroyAgents } from './transportAgents';

export type QueryValue = string | number | readonly string[] | undefined;

export interface RestCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** e.g. /api/2.0/mlflow/runs/search */
  endpoint: string;
  query?: Record<string, QueryValue>;
  body?: JsonObject;
}

export interface RestTarget {
  /** the server's base URL, without credentials */
  baseUrl: string;
  /** the same, for messages */
  displayUri: string;
}

/** Told before each wait for a retry, for the log; `reason` is a status code or Node's error code. */
export interface RetryNotice {
  request: string;
  retry: number;
  delayMs: number;
  reason: string;
}

const USER_AGENT = 'mlops-studio';

export class RestClient {
  private agents: TransportAgents | null = null;

  constructor(
    private readonly target: RestTarget,
    private readonly settings: ClientSettings,
    private readonly authorization: () => Authorization,
    private readonly onRetry?: (notice: RetryNotice) => void,
  ) {}

  async call(call: RestCall, signal?: AbortSignal): Promise<JsonObject> {
    const request = this.initialRequest(call);
    const label = `${call.method} ${call.endpoint}`;
    const uri = this.target.displayUri;
    for (let retries = 0; ; retries += 1) {
      if (signal?.aborted) throw new TrackingError(uri, 'cancelled', 'CANCELLED');
      let response: ExchangeResponse;
      try {
        response = await this.followRedirects(request, signal);
      } catch (error) {
        if (!(error instanceof ExchangeFailure)) throw requestBuildError(uri, error);
        const retried = error.kind !== 'cancelled' && retries < this.settings.maxRetries;
        if (!retried) throw failureError(uri, error, this.settings.timeoutMs, retries);
        await this.waitBeforeRetry({ request: label, retry: retries + 1, reason: error.code }, undefined, signal);
        continue;
      }
      const retryAfter = headerText(response.headers['retry-after']);
      if (response.status >= 200 && response.status < 300) return parseJsonObject(uri, label, response.body);
      if (isRetriedStatus(response.status, retryAfter, this.settings.respectRetryAfter) && retries < this.settings.maxRetries) {
        await this.waitBeforeRetry({ request: label, retry: retries + 1, reason: String(response.status) }, retryAfter, signal);
        continue;
      }
      throw responseError(uri, label, response, retries);
    }
  }

  close(): void {
    if (this.agents) destroyAgents(this.agents);
    this.agents = null;
  }

  private initialRequest(call: RestCall): RedirectableRequest {
    const url = new URL(this.target.baseUrl.replace(/\/+$/, '') + call.endpoint);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value === undefined) continue;
      // requests encodes a list parameter as the key repeated.
      for (const item of Array.isArray(value) ? value : [String(value)]) url.searchParams.append(key, item);
    }
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: 'application/json', 'Accept-Encoding': 'identity' };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['Content-Type'] = 'application/json';
    }
    const auth = this.authorization();
    if (auth.header !== null) headers.Authorization = auth.header;
    return { url, method: call.method, headers, body };
  }

  private async followRedirects(first: RedirectableRequest, signal?: AbortSignal): Promise<ExchangeResponse> {
    let request = first;
    for (let redirects = 0; ; redirects += 1) {
      const headers = { ...request.headers };
      if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
      const response = await exchange({
        url: request.url,
        method: request.method,
        headers,
        body: request.body,
        agents: this.transportAgents(),
        timeoutMs: this.settings.timeoutMs,
        signal,
      });
      const location = headerText(response.headers.location);
      if (!this.settings.allowRedirects || !isRedirect(response.status, location) || redirects >= MAX_REDIRECTS) return response;
      request = redirectedRequest(request, response.status, location);
    }
  }

  private async waitBeforeRetry(
    retry: Omit<RetryNotice, 'delayMs'>,
    retryAfter: string | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    const delayMs = retryDelayMs(retry.retry, this.settings, retryAfter);
    this.onRetry?.({ ...retry, delayMs });
    const waited = await abortableDelay(delayMs, signal);
    if (!waited) throw new TrackingError(this.target.displayUri, 'cancelled', 'CANCELLED');
  }

  private transportAgents(): TransportAgents {
    this.agents ??= createAgents(this.target.displayUri, this.settings.tls);
    return this.agents;
  }
}

// Node refuses header values with control characters before sending anything; the value
// (a credential) stays out of the message.
function requestBuildError(uri: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ERR_INVALID_CHAR' && code !== 'ERR_INVALID_HTTP_TOKEN') return error;
  return new TrackingError(uri, 'the credentials hold characters an HTTP header cannot carry (a line break?)', 'INVALID_ARGUMENT');
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// MLflow reads an empty 200 body as {} (verify_rest_response).
function parseJsonObject(uri: string, label: string, body: string): JsonObject {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw invalidJsonError(uri, label, body);
  }
  if (!isObject(parsed)) throw invalidJsonError(uri, label, body);
  return parsed;
}
