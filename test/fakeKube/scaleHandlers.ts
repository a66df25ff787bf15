import type * as http from 'node:http';
import { parseJsonBody, sendJson, type ApiContext, type ResourceRequest } from './apiContext';
import { badRequest, conflict, STALE_OBJECT } from './apiErrors';
import { clone, isPlainObject, type Deployment, type KubeObject } from './kubeTypes';
import { commitUpdate, prepareUpdate } from './objectUpdates';
import { formatLabelSelector } from './selectors';
import { applyPatch } from './writeHandlers';

// The /scale subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale whose
// spec.replicas reads and writes the parent's, status.selector the parent's selector in text
// (pkg/registry/apps/deployment/storage/storage.go scaleFromDeployment).

function scaleOf(parent: KubeObject): Record<string, unknown> {
  const d = parent as Deployment;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = parent.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: d.spec.replicas },
    status: { replicas: d.status?.replicas ?? 0, selector: formatLabelSelector(d.spec.selector) },
  };
}

export function getScale(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  sendJson(res, 200, scaleOf(ctx.store.mustGet(req.def, req.namespace ?? '', req.name!)));
}

function writeScale(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse, current: KubeObject, scale: unknown): void {
  if (!isPlainObject(scale) || !isPlainObject(scale.spec) || typeof scale.spec.replicas !== 'number') {
    throw badRequest('Scale.spec.replicas must be a number');
  }
  const rv = isPlainObject(scale.metadata) ? scale.metadata.resourceVersion : undefined;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(req.def, current.metadata.name, STALE_OBJECT);
  const requested = clone(current) as Deployment;
  requested.spec.replicas = scale.spec.replicas;
  const next = prepareUpdate(req.def, current, requested, 'resource');
  const stored = commitUpdate(ctx.store, req.def, current, next, req.query.get('dryRun') === 'All');
  ctx.afterWrite();
  sendJson(res, 200, scaleOf(ctx.store.get(req.def, req.namespace ?? '', req.name!) ?? stored));
}

export function replaceScale(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const current = ctx.store.mustGet(req.def, req.namespace ?? '', req.name!);
  writeScale(ctx, req, res, current, parseJsonBody(req.body));
}

export function patchScale(ctx: ApiContext, req: ResourceRequest, res: http.ServerResponse): void {
  const current = ctx.store.mustGet(req.def, req.namespace ?? '', req.name!);
  writeScale(ctx, req, res, current, applyPatch(req.contentType, scaleOf(current), req.body));
}
