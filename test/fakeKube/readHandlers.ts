import type * as http from 'node:http';
import { asListItem, sendJson, type ApiContext, type ResourceRequest } from './apiContext';
import { ApiError, badRequest } from './apiErrors';
import type { KubeObject } from './kubeTypes';
import { apiVersionOf } from './resources';
import { parseFieldSelector, parseLabelSelector, type ObjectMatcher } from './selectors';
import { toTable, wantsTable } from './tables';

// GET of one object, LIST (labelSelector, fieldSelector, limit/continue) and WATCH; GET and LIST
// answer with a Table when the client asks for one (kubectl get).

export function selectorsOf(req: ResourceRequest): ObjectMatcher {
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'), req.def.kind);
  return (object: KubeObject) => labels(object.metadata.labels) && fields(object);
}

export function getObject(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const object = ctx.store.mustGet(req.def, req.namespace ?? '', req.name!);
  if (wantsTable(req.accept)) sendJson(res, 200, toTable(req.def, [object], ctx.clock.now(), object.metadata.resourceVersion));
  else sendJson(res, 200, object);
  if (ctx.concurrentWriter.afterGet(req.def, object)) ctx.afterWrite();
}

interface ContinueToken {
  rv: number;
  after: string;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The objects a list or deletecollection request selects, in etcd key order. */
export function selectObjects(ctx: ApiContext, req: ResourceRequest): KubeObject[] {
  const matches = selectorsOf(req);
  return ctx.store.list(req.def, req.namespace).filter(matches);
}

/**
 * LIST. With `limit`, pages are cut in key order and `continue` names the last key served; the
 * fake does not keep the snapshot a real continue token pins, it serves the current state after
 * that key. A token older than the history answers 410 Expired like a compacted one.
 */
export function listObjects(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  let items = selectObjects(ctx, req);
  const metadata: Record<string, unknown> = { resourceVersion: String(ctx.store.currentRevision()) };
  const token = req.query.get('continue');
  if (token) {
    let parsed: ContinueToken;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    } catch {
      throw badRequest('continue key is not valid');
    }
    try {
      ctx.store.changesSince(req.def, parsed.rv, String(parsed.rv));
    } catch {
      throw new ApiError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    items = items.filter((o) => keyOf(o) > parsed.after);
  }
  const limit = Number(req.query.get('limit'));
  if (limit > 0 && items.length > limit) {
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = Buffer.from(JSON.stringify({ rv: ctx.store.currentRevision(), after: keyOf(items[items.length - 1]) })).toString('base64url');
    metadata.remainingItemCount = remaining;
  }
  if (wantsTable(req.accept)) {
    sendJson(res, 200, { ...toTable(req.def, items, ctx.clock.now(), String(metadata.resourceVersion)), metadata });
    return;
  }
  sendJson(res, 200, { kind: `${req.def.kind}List`, apiVersion: apiVersionOf(req.def), metadata, items: items.map(asListItem) });
}

export function watchObjects(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const timeout = req.query.get('timeoutSeconds');
  ctx.watches.serve({
    def: req.def,
    namespace: req.namespace,
    matches: selectorsOf(req),
    resourceVersion: req.query.get('resourceVersion') ?? undefined,
    timeoutSeconds: timeout !== null && timeout !== '' ? Number(timeout) : undefined,
    allowBookmarks: req.query.get('allowWatchBookmarks') === 'true',
  }, res);
}
