import { Watch } from '@kubernetes/client-node';
import { abortError } from '../deployError';
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
  const watch = new Watch(access.kubeConfig);
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
    const outcome = await watchOnce(watch, spec, resourceVersion, handler, signal, (rv) => { resourceVersion = rv; });
    if (outcome.kind === 'result') return outcome.result;
    if (outcome.kind === 'expired') {
      resourceVersion = undefined;
      failures = 0;
    } else if (outcome.kind === 'failed') {
      if (++failures >= MAX_CONSECUTIVE_FAILURES) throw kubeError(access, spec.what, outcome.error);
      await delay(RETRY_DELAY_MS, signal);
    } else if (outcome.sawEvents) failures = 0;
  }
}

type Outcome<R> = { kind: 'result'; result: R } | { kind: 'ended'; sawEvents: boolean } | { kind: 'expired' } | { kind: 'failed'; error: unknown };

function watchOnce<T extends { metadata?: { resourceVersion?: string } }, R>(
  watch: Watch, spec: WatchSpec<T>, from: string, handler: WatchHandler<T, R>, signal: AbortSignal, seen: (rv: string) => void,
): Promise<Outcome<R>> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let sawEvents = false;
    let controller: AbortController | undefined;
    const finish = (outcome: Outcome<R> | Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => finish(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const query = { ...spec.query, resourceVersion: from, allowWatchBookmarks: 'true', timeoutSeconds: String(WATCH_TIMEOUT_S) };
    watch.watch(spec.path, query, (type: string, object: unknown) => {
      if (settled) return;
      sawEvents = true;
      if (type === 'ERROR') {
        const code = (object as { code?: unknown } | null)?.code;
        if (code === 410) finish({ kind: 'expired' });
        else finish({ kind: 'failed', error: Object.assign(new Error((object as { message?: string } | null)?.message ?? 'watch error'), { statusCode: code }) });
        return;
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
    }, (error: unknown) => {
      if (!error) finish({ kind: 'ended', sawEvents });
      else if (statusCode(error) === 410) finish({ kind: 'expired' });
      else finish({ kind: 'failed', error });
    }).then((c) => {
      controller = c;
      if (settled) c.abort();
    }, (error: unknown) => finish({ kind: 'failed', error }));
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
