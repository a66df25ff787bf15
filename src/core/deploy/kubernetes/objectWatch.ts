import type { IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import { abortError } from '../deployError';
import { apiRequest, readBody } from './apiRequest';
import type { ClusterAccess } from './clusterAccess';
import { kubeError, statusCode } from './kubeCall';

/** A list's items and the resourceVersion a watch resumes from. */
export interface Listed<T> {
  items: T[];
  resourceVersion: string;
}

export interface WatchSpec<T> {
  /** e.g. /apis/apps/v1/namespaces/default/deployments */
  path: string;
  query: Record<string, string>;
  list: (signal: AbortSignal) => Promise<Listed<T>>;
  what: string;
}

export type WatchEvent<T> = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T };

/** What a reflector does with the events: keep going (undefined) or stop with a result. */
export interface WatchHandler<T, R> {
  /** after every (re-)list: the whole current state */
  listed(items: T[]): R | undefined;
  event(event: WatchEvent<T>): R | undefined;
}

const MAX_CONSECUTIVE_FAILURES = 5;
const RETRY_DELAY_MS = 1_000;
/** how long one watch request lasts at most (client-go reflectors pick 5-10 minutes), so a dead connection is noticed */
const WATCH_TIMEOUT_S = 300;

/**
 * List, then watch from the list's resourceVersion, like client-go's reflector (and so `kubectl
 * rollout status`): a watch that ends is resumed from the last resourceVersion seen (events and
 * bookmarks carry it); when that is too old (410 Gone / Expired, as an ERROR event or an HTTP
 * status), everything is listed again. Network failures are retried a few times in a row.
 */
export async function listAndWatch<T extends { metadata?: { resourceVersion?: string } }, R>(
  access: ClusterAccess, spec: WatchSpec<T>, handler: WatchHandler<T, R>, signal: AbortSignal,
): Promise<R> {
  let resourceVersion: string | undefined;
  let failures = 0;
  for (;;) {
    if (signal.aborted) throw abortError(signal);
    if (resourceVersion === undefined) {
      const listed = await spec.list(signal);
      resourceVersion = listed.resourceVersion;
      const result = handler.listed(listed.items);
      if (result !== undefined) return result;
    }
    const started = Date.now();
    const outcome = await watchOnce(access, spec, resourceVersion, handler, signal, (rv) => { resourceVersion = rv; });
    if (outcome.kind === 'result') return outcome.result;
    if (outcome.kind === 'expired') {
      resourceVersion = undefined;
      failures = 0;
    } else if (outcome.kind === 'failed') {
      const code = statusCode(outcome.error) ?? 0;
      // a refusal (403, 404, ...) will not change by asking again; a dropped connection or an overloaded server may
      if ((code >= 400 && code < 500 && code !== 429) || ++failures >= MAX_CONSECUTIVE_FAILURES) throw kubeError(access, spec.what, outcome.error);
      await delay(RETRY_DELAY_MS, signal);
    } else if (outcome.sawEvents) failures = 0;
    // a server (or proxy) that ends every watch at once must not be asked again in a tight loop
    else if (Date.now() - started < RETRY_DELAY_MS) await delay(RETRY_DELAY_MS, signal);
  }
}

type Outcome<R> = { kind: 'result'; result: R } | { kind: 'ended'; sawEvents: boolean } | { kind: 'expired' } | { kind: 'failed'; error: unknown };

/**
 * One watch request, read line by line (`{"type","object"}` per line). Our own request rather
 * than client-node's Watch: that one hands out its abort controller only once the response has
 * started, so a watch cancelled before could not be closed.
 */
async function watchOnce<T extends { metadata?: { resourceVersion?: string } }, R>(
  access: ClusterAccess, spec: WatchSpec<T>, from: string, handler: WatchHandler<T, R>, signal: AbortSignal, seen: (rv: string) => void,
): Promise<Outcome<R>> {
  const query = { ...spec.query, watch: 'true', resourceVersion: from, allowWatchBookmarks: 'true', timeoutSeconds: String(WATCH_TIMEOUT_S) };
  let response: IncomingMessage;
  try {
    response = await apiRequest(access, { method: 'GET', path: spec.path, query, signal });
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    return { kind: 'failed', error };
  }
  if (response.statusCode !== 200) {
    const body = await readBody(response).catch(() => '');
    let message = body.trim();
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message;
    } catch {
      // not a Status: the text says it
    }
    return response.statusCode === 410 ? { kind: 'expired' } : { kind: 'failed', error: Object.assign(new Error(message || `watch answered ${response.statusCode}`), { statusCode: response.statusCode }) };
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let sawEvents = false;
    const finish = (outcome: Outcome<R> | Error) => {
      if (settled) return;
      settled = true;
      // closes a stream still open; aborting the request instead throws when its answer has just ended
      response.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const lines = createInterface({ input: response, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (settled || !line.trim()) return;
      let event: { type?: string; object?: unknown };
      try {
        event = JSON.parse(line) as { type?: string; object?: unknown };
      } catch {
        return finish({ kind: 'failed', error: new Error(`the watch sent a line that is not JSON: ${line.slice(0, 200)}`) });
      }
      sawEvents = true;
      const { type, object } = event;
      if (type === 'ERROR') {
        const code = (object as { code?: unknown } | null)?.code;
        if (code === 410) return finish({ kind: 'expired' });
        return finish({ kind: 'failed', error: Object.assign(new Error((object as { message?: string } | null)?.message ?? 'watch error'), { statusCode: code }) });
      }
      const rv = (object as T | null)?.metadata?.resourceVersion;
      if (rv) seen(rv);
      if (type === 'BOOKMARK') return;
      try {
        const result = handler.event({ type: type as WatchEvent<T>['type'], object: object as T });
        if (result !== undefined) finish({ kind: 'result', result });
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    });
    // readline re-emits the response's errors: a cut connection, or our own abort
    const ended = (error?: Error) => {
      if (signal.aborted) finish(abortError(signal));
      else if (error) finish({ kind: 'failed', error });
      else finish({ kind: 'ended', sawEvents });
    };
    lines.on('error', ended);
    response.on('error', ended);
    lines.on('close', () => ended());
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
