import type * as http from 'node:http';
import { badRequest } from './apiErrors';
import type { FakeClock } from './clock';
import type { ConcurrentWriter } from './concurrentWriter';
import { isPlainObject, type KubeObject } from './kubeTypes';
import type { ObjectStore } from './objectStore';
import type { PodLogs } from './podLogs';
import type { PortForwarder } from './portForward';
import type { ResourceDef } from './resources';
import type { WatchHub } from './watchHub';

/** What the request handlers share. */
export interface ApiContext {
  store: ObjectStore;
  clock: FakeClock;
  watches: WatchHub;
  logs: PodLogs;
  concurrentWriter: ConcurrentWriter;
  portForwarder: PortForwarder;
  /** lets the controllers react to a write before its response goes out */
  afterWrite(): void;
  randomSuffix(): string;
  allocateClusterIp(): string;
}

/** A request for a resource, its objects or one of their subresources. */
export interface ResourceRequest {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  body: Buffer;
  contentType: string;
  /** the Accept header: `kubectl get` asks for a Table */
  accept: string;
  /** the legacy /watch/ path prefix */
  watchPath: boolean;
}

export function sendJson(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
  }
}

/** The request body as an object of the resource's kind (apiVersion and kind checked when given). */
export function parseObjectBody(def: ResourceDef, body: Buffer, apiVersion: string): KubeObject {
  const value = parseJsonBody(body);
  if (!isPlainObject(value)) throw badRequest('the body of the request was not a JSON object');
  if (value.kind !== undefined && value.kind !== def.kind) throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${String(value.kind)}`);
  if (value.apiVersion !== undefined && value.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${String(value.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  return { ...value, apiVersion, kind: def.kind, metadata } as unknown as KubeObject;
}

/** A list item the way the API serializes typed lists: without its own apiVersion and kind. */
export function asListItem(object: KubeObject): Record<string, unknown> {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}
