import type { KubeObject } from './kubeTypes';
import type { ObjectStore } from './objectStore';
import { updateAs } from './objectUpdates';
import type { ResourceDef } from './resources';

// Another client writing between a client's read and its update: what makes an update carrying
// the resourceVersion it read fail with 409 Conflict (optimistic concurrency,
// https://kubernetes.io/docs/reference/using-api/api-concepts/#conflicts). Armed by a test for one
// object; after each armed GET of it has been answered, the "other writer" sets a label (no spec
// change, so no new generation and no rollout), which moves the resourceVersion on.

export const CONCURRENT_WRITE_LABEL = 'fakekube.test/concurrent-writes';

interface Armed {
  kind: string;
  namespace: string;
  name: string;
  remaining: number;
}

export class ConcurrentWriter {
  private armed: Armed[] = [];
  private count = 0;

  constructor(private readonly store: ObjectStore) {}

  arm(kind: string, namespace: string, name: string, times: number): void {
    this.armed.push({ kind, namespace, name, remaining: times });
  }

  /** How many writes the other writer has made. */
  get writes(): number {
    return this.count;
  }

  /** Called once a GET of `object` has been answered; true when it wrote. */
  afterGet(def: ResourceDef, object: KubeObject): boolean {
    const entry = this.armed.find((a) => a.kind === def.kind && a.name === object.metadata.name && a.namespace === (object.metadata.namespace ?? ''));
    if (!entry) return false;
    entry.remaining--;
    if (entry.remaining <= 0) this.armed = this.armed.filter((a) => a !== entry);
    const current = this.store.get(def, object.metadata.namespace ?? '', object.metadata.name);
    if (!current) return false;
    this.count++;
    current.metadata.labels = { ...(current.metadata.labels ?? {}), [CONCURRENT_WRITE_LABEL]: String(this.count) };
    updateAs(this.store, def, current, 'resource');
    return true;
  }
}
