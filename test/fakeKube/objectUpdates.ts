import { conflict, STALE_OBJECT } from './apiErrors';
import { applyDefaults } from './defaults';
import { clone, type KubeObject } from './kubeTypes';
import type { ObjectStore } from './objectStore';
import type { ResourceDef } from './resources';
import { semanticEqual, sortedJson } from './semantic';
import { validateObject } from './validation';

// What an update means, for clients and for the fake's controllers alike (the registry
// strategies' PrepareForUpdate in pkg/registry/apps/deployment/strategy.go and friends):
// - an update of the resource keeps the stored status; an update of /status keeps everything but
//   the status (a Deployment's status update also keeps its new annotations: that is how the
//   deployment controller writes the revision annotation without bumping the generation);
// - metadata.generation goes up when the spec changes, and for Deployments also when the
//   annotations change ("annotations are copied from deployments to their replica sets");
// - a non-empty metadata.resourceVersion is a precondition (409 Conflict when stale);
// - an update that changes nothing writes nothing: the resourceVersion stays.

export type UpdateTarget = 'resource' | 'status';

function withoutVersion(object: KubeObject): string {
  const copy = clone(object);
  delete (copy.metadata as Partial<KubeObject['metadata']>).resourceVersion;
  return sortedJson(copy);
}

export function prepareUpdate(def: ResourceDef, current: KubeObject, requested: KubeObject, target: UpdateTarget): KubeObject {
  const rv = requested.metadata?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(def, current.metadata.name, STALE_OBJECT);
  let next: KubeObject;
  if (target === 'status') {
    next = clone(current);
    next.status = clone(requested.status);
    if (def.kind === 'Deployment') next.metadata.annotations = clone(requested.metadata?.annotations);
  } else {
    next = clone(requested);
    next.metadata = { ...clone(requested.metadata) };
    if (def.subresources.includes('status')) next.status = clone(current.status);
    applyDefaults(next);
    validateObject(def, next, current);
  }
  const meta = next.metadata;
  meta.name = current.metadata.name;
  meta.namespace = current.metadata.namespace;
  meta.uid = current.metadata.uid;
  meta.creationTimestamp = current.metadata.creationTimestamp;
  meta.resourceVersion = current.metadata.resourceVersion;
  if (current.metadata.deletionTimestamp) meta.deletionTimestamp = current.metadata.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (def.hasGeneration) {
    meta.generation = current.metadata.generation;
    const specChanged = !semanticEqual(next.spec, current.spec);
    const annotationsChanged = def.kind === 'Deployment' && target === 'resource' && !semanticEqual(meta.annotations, current.metadata.annotations);
    if (specChanged || annotationsChanged) meta.generation = (current.metadata.generation ?? 0) + 1;
  }
  for (const key of ['labels', 'annotations', 'ownerReferences', 'finalizers'] as const) {
    if (meta[key] === null) delete meta[key];
  }
  return next;
}

/** Writes `next` unless it is identical to `current`; returns what is stored. */
export function commitUpdate(store: ObjectStore, def: ResourceDef, current: KubeObject, next: KubeObject, dryRun = false): KubeObject {
  if (withoutVersion(next) === withoutVersion(current) || dryRun) return dryRun ? next : current;
  return store.update(def, next);
}

/** A controller's write: the same rules as a client's PUT, without the precondition. */
export function updateAs(store: ObjectStore, def: ResourceDef, next: KubeObject, target: UpdateTarget): KubeObject {
  const current = store.mustGet(def, next.metadata.namespace ?? '', next.metadata.name);
  const requested = clone(next);
  requested.metadata.resourceVersion = '';
  return commitUpdate(store, def, current, prepareUpdate(def, current, requested, target));
}
