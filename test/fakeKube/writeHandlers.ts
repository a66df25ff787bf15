import type * as http from 'node:http';
import { asListItem, parseJsonBody, parseObjectBody, sendJson, type ApiContext, type ResourceRequest } from './apiContext';
import { alreadyExists, badRequest, invalid, notFound, unsupportedMediaType } from './apiErrors';
import { applyDefaults } from './defaults';
import { checkPreconditions, deleteObject, type PropagationPolicy } from './garbageCollector';
import { applyJsonPatch, applyMergePatch } from './jsonPatch';
import { clone, isPlainObject, type KubeObject } from './kubeTypes';
import { commitUpdate, prepareUpdate } from './objectUpdates';
import { selectObjects } from './readHandlers';
import { apiVersionOf, resourceByKind } from './resources';
import { applyStrategicMergePatch } from './strategicMerge';
import { validateObject } from './validation';

// POST, PUT, PATCH and DELETE of objects and their /status, with the API server's rules:
// 409 AlreadyExists on create, 409 Conflict on a stale resourceVersion, status reset on create
// (the strategies' PrepareForCreate), `dryRun=All` that validates without storing, and deletion
// with propagation to owned objects.

const STATUS_ON_CREATE: Record<string, unknown> = {
  Deployment: {},
  ReplicaSet: { replicas: 0 },
  Pod: { phase: 'Pending', qosClass: 'BestEffort' },
  Service: { loadBalancer: {} },
};

export function createObject(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const { def } = req;
  const input = parseObjectBody(def, req.body, apiVersionOf(def));
  if (def.namespaced) {
    if (input.metadata.namespace && input.metadata.namespace !== req.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!ctx.store.get(resourceByKind('Namespace'), '', req.namespace!)) throw notFound(resourceByKind('Namespace'), req.namespace!);
  }
  const meta = input.metadata;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${ctx.randomSuffix()}`;
  if (!meta.name) throw invalid(def.kind, def.group, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  const object: KubeObject = clone(input);
  object.metadata = {
    ...Object.fromEntries(Object.entries(meta).filter(([k]) => !['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp', 'selfLink', 'managedFields'].includes(k))),
    name: meta.name,
    namespace: def.namespaced ? req.namespace : undefined,
  } as KubeObject['metadata'];
  if (def.kind in STATUS_ON_CREATE) object.status = clone(STATUS_ON_CREATE[def.kind]);
  applyDefaults(object);
  if (def.kind === 'Service') allocateServiceAddresses(ctx, object);
  validateObject(def, object);
  if (req.query.get('dryRun') === 'All') {
    if (ctx.store.get(def, req.namespace ?? '', meta.name)) throw alreadyExists(def, meta.name);
    sendJson(res, 201, object);
    return;
  }
  const created = ctx.store.create(def, object);
  ctx.afterWrite();
  sendJson(res, 201, created);
}

function allocateServiceAddresses(ctx: ApiContext, service: KubeObject): void {
  const spec = service.spec as Record<string, unknown>;
  if (spec.clusterIP !== 'None' && !spec.clusterIP) spec.clusterIP = ctx.allocateClusterIp();
  spec.clusterIPs = [spec.clusterIP];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      if (isPlainObject(port) && !port.nodePort) port.nodePort = 30000 + Math.floor(Math.random() * 2768);
    }
  }
}

function target(req: ResourceRequest): 'resource' | 'status' {
  return req.subresource === 'status' ? 'status' : 'resource';
}

function finishUpdate(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse, current: KubeObject, requested: KubeObject): void {
  const next = prepareUpdate(req.def, current, requested, target(req));
  const dryRun = req.query.get('dryRun') === 'All';
  const stored = commitUpdate(ctx.store, req.def, current, next, dryRun);
  if (!dryRun) ctx.afterWrite();
  sendJson(res, 200, stored);
}

export function replaceObject(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const input = parseObjectBody(req.def, req.body, apiVersionOf(req.def));
  if (input.metadata.name && input.metadata.name !== req.name) {
    throw badRequest(`the name of the object (${input.metadata.name}) does not match the name on the URL (${req.name})`);
  }
  const current = ctx.store.mustGet(req.def, req.namespace ?? '', req.name!);
  finishUpdate(ctx, req, res, current, input);
}

/** Applies a JSON, merge or strategic merge patch to `document`, by the request's Content-Type. */
export function applyPatch(contentType: string, document: Record<string, unknown>, body: Buffer): Record<string, unknown> {
  const type = contentType.split(';')[0].trim();
  if (type === 'application/json-patch+json') return applyJsonPatch(document, parseJsonBody(body)) as Record<string, unknown>;
  if (type === 'application/merge-patch+json') return applyMergePatch(document, parseJsonBody(body)) as Record<string, unknown>;
  if (type === 'application/strategic-merge-patch+json') return applyStrategicMergePatch(document, parseJsonBody(body));
  throw unsupportedMediaType(type);
}

export function patchObject(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const current = ctx.store.mustGet(req.def, req.namespace ?? '', req.name!);
  const patched = applyPatch(req.contentType, clone(current) as unknown as Record<string, unknown>, req.body) as unknown as KubeObject;
  if (!isPlainObject(patched.metadata)) throw badRequest('the patch removed the object\'s metadata');
  finishUpdate(ctx, req, res, current, patched);
}

interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

function deleteOptions(req: ResourceRequest): DeleteOptions {
  const fromBody = req.body.length > 0 ? parseJsonBody(req.body) : {};
  const options = (isPlainObject(fromBody) ? fromBody : {}) as DeleteOptions;
  const policy = req.query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy as PropagationPolicy;
  if (req.query.get('dryRun') === 'All') options.dryRun = ['All'];
  if (options.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(options.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  return options;
}

/** DELETE: pods, services and namespaces answer with the object, the rest with a Success Status (ReturnDeletedObject). */
export function deleteOne(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const options = deleteOptions(req);
  const current = ctx.store.mustGet(req.def, req.namespace ?? '', req.name!);
  checkPreconditions(req.def, current, options.preconditions);
  const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : 'Background');
  if (options.dryRun?.includes('All')) {
    sendJson(res, 200, current);
    return;
  }
  const removed = deleteObject(ctx.store, () => ctx.clock.now(), req.def, req.namespace ?? '', req.name!, policy);
  ctx.afterWrite();
  if (['Pod', 'Service', 'Namespace'].includes(req.def.kind) || policy === 'Foreground') {
    sendJson(res, 200, removed);
    return;
  }
  sendJson(res, 200, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
    details: { name: removed.metadata.name, group: req.def.group || undefined, kind: req.def.plural, uid: removed.metadata.uid },
  });
}

export function deleteCollection(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const options = deleteOptions(req);
  const doomed = selectObjects(ctx, req);
  if (!options.dryRun?.includes('All')) {
    for (const object of doomed) {
      if (ctx.store.get(req.def, object.metadata.namespace ?? '', object.metadata.name)) {
        deleteObject(ctx.store, () => ctx.clock.now(), req.def, object.metadata.namespace ?? '', object.metadata.name, options.propagationPolicy ?? 'Background');
      }
    }
    ctx.afterWrite();
  }
  sendJson(res, 200, { kind: `${req.def.kind}List`, apiVersion: apiVersionOf(req.def), metadata: { resourceVersion: String(ctx.store.currentRevision()) }, items: doomed.map(asListItem) });
}

