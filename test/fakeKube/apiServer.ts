import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { sendJson, type ApiContext, type ResourceRequest } from './apiContext';
import { ApiError, badRequest, methodNotAllowed, pathNotFound, unauthorized } from './apiErrors';
import type { Pod } from './kubeTypes';
import { getObject, listObjects, watchObjects } from './readHandlers';
import { apiGroup, apiGroupList, apiResourceList, findResource, legacyApiVersions, resourceByKind, SERVER_VERSION } from './resources';
import { OPENAPI_PROTOBUF, openApiJson, openApiProtobuf } from './openApi';
import { refuseUpgrade } from './portForward';
import { getScale, patchScale, replaceScale } from './scaleHandlers';
import { createObject, deleteCollection, deleteOne, patchObject, replaceObject } from './writeHandlers';

// The HTTP face of the fake: the API server's URL layout (/api/v1/namespaces/<ns>/<resource>/<name>/<sub>,
// /apis/<group>/<version>/..., the legacy /watch/ prefix, cluster-wide lists), bearer-token
// authentication, discovery, /version and health endpoints, and every failure as a Status.

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface ApiServerOptions {
  /** clients must send `Authorization: Bearer <token>` */
  token: string;
  /** serve https with this key and certificate (PEM) */
  tls?: { key: string; cert: string };
}

type Route = { kind: 'document'; body: unknown } | { kind: 'text'; body: string } | { kind: 'resource'; request: Omit<ResourceRequest, 'body' | 'contentType' | 'accept'> };

function parseResourcePath(group: string, version: string, segments: string[], query: URLSearchParams): Route | undefined {
  let watchPath = false;
  if (segments[0] === 'watch') {
    watchPath = true;
    segments = segments.slice(1);
  }
  let namespace: string | undefined;
  if (segments[0] === 'namespaces' && segments.length >= 3 && !(segments.length === 3 && ['status', 'finalize'].includes(segments[2]))) {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [plural, name, subresource, ...extra] = segments;
  const def = findResource(group, version, plural);
  if (!def || extra.length > 0) return undefined;
  if (def.namespaced === false && namespace !== undefined) return undefined;
  if (def.namespaced && namespace === undefined && name !== undefined) return undefined;
  if (subresource && !def.subresources.includes(subresource as never)) return undefined;
  return { kind: 'resource', request: { def, namespace, name, subresource, query, watchPath } };
}

function route(pathname: string, query: URLSearchParams, serverAddress: string): Route | undefined {
  const segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const path = `/${segments.join('/')}`;
  if (path === '/version') return { kind: 'document', body: SERVER_VERSION };
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return { kind: 'text', body: 'ok' };
  if (path === '/api') return { kind: 'document', body: legacyApiVersions(serverAddress) };
  if (path === '/apis') return { kind: 'document', body: apiGroupList() };
  if (segments[0] === 'api' && segments[1] === 'v1') {
    if (segments.length === 2) return { kind: 'document', body: apiResourceList('', 'v1') };
    return parseResourcePath('', 'v1', segments.slice(2), query);
  }
  if (segments[0] === 'apis' && segments.length >= 2) {
    if (segments.length === 2) {
      const group = apiGroup(segments[1]);
      return group ? { kind: 'document', body: group } : undefined;
    }
    if (segments.length === 3) {
      const list = apiResourceList(segments[1], segments[2]);
      return list ? { kind: 'document', body: list } : undefined;
    }
    return parseResourcePath(segments[1], segments[2], segments.slice(3), query);
  }
  return undefined;
}

function dispatch(ctx: ApiContext, method: string, req: ResourceRequest, res: http.ServerResponse): void {
  const { name, subresource } = req;
  switch (method) {
    case 'GET':
      if (!name) return (req.watchPath || req.query.get('watch') === 'true' || req.query.get('watch') === '1') ? watchObjects(ctx, req, res) : listObjects(ctx, req, res);
      if (subresource === 'scale') return getScale(ctx, req, res);
      if (subresource === 'log') return ctx.logs.serve(ctx.store.mustGet(req.def, req.namespace!, name) as Pod, req.query, res);
      if (subresource === 'portforward') throw badRequest('Upgrade request required');
      return getObject(ctx, req, res);
    case 'POST':
      if (!name) return createObject(ctx, req, res);
      break;
    case 'PUT':
      if (name && subresource === 'scale') return replaceScale(ctx, req, res);
      if (name && subresource !== 'log') return replaceObject(ctx, req, res);
      break;
    case 'PATCH':
      if (name && subresource === 'scale') return patchScale(ctx, req, res);
      if (name && subresource !== 'log') return patchObject(ctx, req, res);
      break;
    case 'DELETE':
      if (name && !subresource) return deleteOne(ctx, req, res);
      if (!name) return deleteCollection(ctx, req, res);
      break;
  }
  throw methodNotAllowed();
}

function serveOpenApi(req: http.IncomingMessage, res: http.ServerResponse): void {
  if ((req.headers.accept ?? '').includes(OPENAPI_PROTOBUF)) {
    const body = openApiProtobuf(SERVER_VERSION.gitVersion);
    // kube-openapi's handler answers the protobuf as application/octet-stream (the media type with '@' does not parse in Go)
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  } else sendJson(res, 200, openApiJson(SERVER_VERSION.gitVersion));
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** One request the server answered or refused, for tests that check how a client talks to it. */
export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** the response's status code, once sent */
  readonly code?: number;
}

const MAX_RECORDS = 10_000;

export class ApiServer {
  private readonly server: http.Server;
  private address = '';
  readonly requests: RequestRecord[] = [];

  constructor(private readonly ctx: ApiContext, private readonly options: ApiServerOptions) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** Upgrade requests: the port-forward subresource of pods (a WebSocket). */
  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    if (head.length > 0) socket.unshift(head);
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) });
    if (req.headers.authorization !== `Bearer ${this.options.token}`) return refuseUpgrade(socket, 401, 'Unauthorized', 'Unauthorized');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    if (!m) return refuseUpgrade(socket, 404, 'NotFound', 'the server could not find the requested resource');
    const [namespace, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    const pod = this.ctx.store.get(resourceByKind('Pod'), namespace, name) as Pod | undefined;
    this.ctx.portForwarder.serve(pod, name, url.searchParams, req, socket);
  }

  /** Listens on 127.0.0.1 and a free port; returns the server URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.address = `127.0.0.1:${port}`;
    return `${this.options.tls ? 'https' : 'http'}://${this.address}`;
  }

  async close(): Promise<void> {
    this.ctx.portForwarder.closeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      // read when asked: a watch has its status long before it ends
      get code() {
        return res.headersSent ? res.statusCode : undefined;
      },
    };
    this.requests.push(record);
    if (this.requests.length > MAX_RECORDS) this.requests.shift();
    try {
      if (req.headers.authorization !== `Bearer ${this.options.token}`) throw unauthorized();
      const found = route(url.pathname, url.searchParams, this.address);
      if (url.pathname === '/openapi/v2') return serveOpenApi(req, res);
      if (!found) throw pathNotFound();
      if (found.kind === 'document') return sendJson(res, 200, found.body);
      if (found.kind === 'text') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(found.body);
        return;
      }
      const body = await readBody(req);
      const request: ResourceRequest = { ...found.request, body, contentType: req.headers['content-type'] ?? '', accept: req.headers.accept ?? '' };
      dispatch(this.ctx, req.method ?? 'GET', request, res);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
      if (!(error instanceof ApiError)) console.error('fakeKube: internal error', error);
      if (res.headersSent) res.end();
      else sendJson(res, apiError.code, apiError.toStatus());
    }
  }
}
