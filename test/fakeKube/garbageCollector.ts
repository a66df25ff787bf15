import { conflict } from './apiErrors';
import { formatTime, type KubeObject } from './kubeTypes';
import type { ObjectStore } from './objectStore';
import { RESOURCES, type ResourceDef } from './resources';

// Deletion with ownerReference propagation, as the garbage collector and DeleteOptions define it
// (https://kubernetes.io/docs/concepts/architecture/garbage-collection/, pkg/controller/garbagecollector):
// Background deletes the owner, then its dependents; Foreground marks the owner (deletionTimestamp,
// finalizer `foregroundDeletion`), deletes the dependents, then the owner; Orphan removes the
// owner's entry from the dependents' ownerReferences and keeps them. The collector runs at once
// here instead of a few hundred milliseconds later.

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

function dependentsOf(store: ObjectStore, owner: KubeObject): { def: ResourceDef; object: KubeObject }[] {
  const out: { def: ResourceDef; object: KubeObject }[] = [];
  for (const def of RESOURCES) {
    if (!def.namespaced) continue;
    for (const object of store.list(def, owner.metadata.namespace)) {
      if (object.metadata.ownerReferences?.some((ref) => ref.uid === owner.metadata.uid)) out.push({ def, object });
    }
  }
  return out;
}

export function checkPreconditions(def: ResourceDef, current: KubeObject, pre: DeletePreconditions | undefined): void {
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw conflict(def, current.metadata.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(def, current.metadata.name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
  }
}

/** Deletes one object and treats its dependents per `policy`; returns the object's last state. */
export function deleteObject(store: ObjectStore, now: () => number, def: ResourceDef, namespace: string, name: string, policy: PropagationPolicy = 'Background'): KubeObject {
  const owner = store.mustGet(def, namespace, name);
  if (def.kind === 'Namespace') return deleteNamespace(store, now, owner);
  const dependents = dependentsOf(store, owner);
  if (policy === 'Orphan') {
    for (const { def: depDef, object } of dependents) {
      object.metadata.ownerReferences = object.metadata.ownerReferences?.filter((ref) => ref.uid !== owner.metadata.uid);
      if (object.metadata.ownerReferences?.length === 0) delete object.metadata.ownerReferences;
      store.update(depDef, object);
    }
    return store.remove(def, namespace, name);
  }
  if (policy === 'Foreground') {
    owner.metadata.deletionTimestamp = formatTime(now());
    owner.metadata.deletionGracePeriodSeconds = 0;
    owner.metadata.finalizers = [...(owner.metadata.finalizers ?? []), 'foregroundDeletion'];
    store.update(def, owner);
    for (const { def: depDef, object } of dependents) deleteIfPresent(store, now, depDef, object, 'Foreground');
    return store.remove(def, namespace, name);
  }
  const removed = store.remove(def, namespace, name);
  for (const { def: depDef, object } of dependents) deleteIfPresent(store, now, depDef, object, 'Background');
  return removed;
}

function deleteIfPresent(store: ObjectStore, now: () => number, def: ResourceDef, object: KubeObject, policy: PropagationPolicy): void {
  if (store.get(def, object.metadata.namespace ?? '', object.metadata.name)) {
    deleteObject(store, now, def, object.metadata.namespace ?? '', object.metadata.name, policy);
  }
}

/** The namespace controller: the namespace turns Terminating, its contents go, then it goes. */
function deleteNamespace(store: ObjectStore, now: () => number, namespace: KubeObject): KubeObject {
  const nsDef = RESOURCES.find((r) => r.kind === 'Namespace')!;
  namespace.metadata.deletionTimestamp = formatTime(now());
  namespace.status = { phase: 'Terminating' };
  store.update(nsDef, namespace);
  for (const def of RESOURCES) {
    if (!def.namespaced) continue;
    for (const object of store.list(def, namespace.metadata.name)) deleteIfPresent(store, now, def, object, 'Background');
  }
  return store.remove(nsDef, '', namespace.metadata.name);
}
