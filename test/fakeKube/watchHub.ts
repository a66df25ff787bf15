import type * as http from 'node:http';
import { ApiError } from './apiErrors';
import type { FakeClock } from './clock';
import type { KubeObject } from './kubeTypes';
import type { ObjectStore, StoreEvent } from './objectStore';
import { apiVersionOf, type ResourceDef } from './resources';
import type { ObjectMatcher } from './selectors';

// `?watch=true` as the API server streams it (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go
// and storage/cacher): one JSON `{"type","object"}` per line over a chunked 200 response.
// - no resourceVersion, or "0": ADDED for every current object first, then changes;
// - resourceVersion N: the changes after N, or, when N is older than the history, a single ERROR
//   event with a 410 Expired Status (the cacher answers with an error event, not an HTTP error);
// - objects that start or stop matching the selectors arrive as ADDED / DELETED;
// - the watch ends after timeoutSeconds, or after the server's own limit (--min-request-timeout,
//   1800 s; upstream randomises it up to twice that), on the fake's clock; with
//   allowWatchBookmarks a BOOKMARK carrying the current resourceVersion goes out first, as the
//   cacher sends one shortly before a watch times out;
// - expireAll() ends every open watch at once, as an API server restart or a load balancer would.

const SERVER_WATCH_TIMEOUT_S = 1800;

export interface WatchRequest {
  def: ResourceDef;
  namespace?: string;
  matches: ObjectMatcher;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
}

interface OpenWatch {
  end: (bookmark: boolean) => void;
}

export class WatchHub {
  private open = new Set<OpenWatch>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: FakeClock,
  ) {}

  get openCount(): number {
    return this.open.size;
  }

  serve(request: WatchRequest, res: http.ServerResponse): void {
    const { def } = request;
    const inScope = (o: KubeObject) => request.namespace === undefined || o.metadata.namespace === request.namespace;
    const selected = (o: KubeObject | undefined) => o !== undefined && inScope(o) && request.matches(o);
    const send = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();

    const rv = request.resourceVersion;
    let backlog: StoreEvent[] = [];
    if (!rv || rv === '0') {
      for (const object of this.store.list(def, request.namespace)) if (request.matches(object)) send('ADDED', object);
    } else {
      try {
        backlog = this.store.changesSince(def, Number(rv), rv);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        send('ERROR', error.toStatus());
        res.end();
        return;
      }
    }

    const deliver = (event: StoreEvent) => {
      if (event.def !== def) return;
      const now = selected(event.type === 'DELETED' ? undefined : event.object);
      const before = selected(event.previous);
      if (event.type === 'DELETED') {
        if (before) send('DELETED', event.object);
      } else if (now && before) send('MODIFIED', event.object);
      else if (now) send('ADDED', event.object);
      else if (before) send('DELETED', event.object);
    };
    for (const event of backlog) deliver(event);
    const unsubscribe = this.store.subscribe(deliver);

    const timeoutMs = (request.timeoutSeconds ?? SERVER_WATCH_TIMEOUT_S) * 1000;
    // the timer fires on a later turn of the clock, after `watch` exists
    const cancelTimer = this.clock.schedule(this.clock.now() + timeoutMs, () => watch.end(true));
    const watch: OpenWatch = {
      end: (bookmark) => {
        if (!this.open.delete(watch)) return;
        unsubscribe();
        cancelTimer();
        if (bookmark && request.allowBookmarks && !res.writableEnded) {
          send('BOOKMARK', { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(this.store.currentRevision()) } });
        }
        res.end();
      },
    };
    this.open.add(watch);
    res.on('close', () => watch.end(false));
  }

  /** Ends every open watch; clients resume from the last resourceVersion they saw. */
  expireAll(): void {
    for (const watch of [...this.open]) watch.end(true);
  }
}

