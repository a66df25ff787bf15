import type { EventRecorder } from './eventRecorder';
import type { ImageRegistry } from './imageRegistry';
import type { KubeObject } from './kubeTypes';
import type { ObjectStore } from './objectStore';
import { SAFE_ALPHANUMS } from './templateHash';

/** What the fake's controllers (deployment, replica set, kubelet) share. */
export interface ControllerContext {
  store: ObjectStore;
  events: EventRecorder;
  registry: ImageRegistry;
  now(): number;
  /** asks for another reconcile no later than `ms` (clock time) */
  wakeAt(ms: number): void;
  /** asks for another reconcile as soon as possible (an asynchronous image look-up finished) */
  wakeNow(): void;
  /** names for generateName; seeded, so a test run names its pods the same way each time */
  randomSuffix(): string;
  /** how long a started container takes to pass readiness when it declares no readinessProbe */
  podReadyDelayMs: number;
  nodeName: string;
}

/** utilrand.String(5) from a seeded xorshift generator. */
export function seededSuffixes(seed: number): () => string {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    let out = '';
    for (let i = 0; i < 5; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out += SAFE_ALPHANUMS[state % SAFE_ALPHANUMS.length];
    }
    return out;
  };
}

/** metav1.GetControllerOf(o)?.uid */
export function controllerUid(object: KubeObject): string | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller)?.uid;
}

export function controllerRefTo(owner: KubeObject): NonNullable<KubeObject['metadata']['ownerReferences']>[number] {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}
