import { randomUUID } from 'node:crypto';
import { alreadyExists, notFound, resourceExpired } from './apiErrors';
import { clone, formatTime, type KubeObject } from './kubeTypes';
import { apiVersionOf, resourceKey, type ResourceDef } from './resources';

// The fake's etcd: objects by resource, one global revision counter that every write bumps and
// stamps on the object as metadata.resourceVersion (as etcd3 does), and a bounded history of
// changes per resource, like the API server's watch cache, that watches resume from. Asking for
// a revision older than the history holds is answered the way the watch cache answers it: 410
// Expired "too old resource version".

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  def: ResourceDef;
  object: KubeObject;
  /** the object before this change (undefined for ADDED), to tell selector transitions apart */
  previous?: KubeObject;
  resourceVersion: number;
}

interface ResourceTable {
  objects: Map<string, KubeObject>;
  history: StoreEvent[];
  /** every change after this revision is in `history` */
  historyStart: number;
}

export class ObjectStore {
  private tables = new Map<string, ResourceTable>();
  private revision = 1;
  private listeners = new Set<(event: StoreEvent) => void>();

  constructor(
    private readonly now: () => number,
    private readonly historySize: number,
  ) {}

  currentRevision(): number {
    return this.revision;
  }

  get(def: ResourceDef, namespace: string, name: string): KubeObject | undefined {
    const found = this.table(def).objects.get(this.key(def, namespace, name));
    return found && clone(found);
  }

  mustGet(def: ResourceDef, namespace: string, name: string): KubeObject {
    const found = this.get(def, namespace, name);
    if (!found) throw notFound(def, name);
    return found;
  }

  /** Objects in etcd key order (namespace, then name); all namespaces when `namespace` is undefined. */
  list(def: ResourceDef, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const object of this.table(def).objects.values()) {
      if (namespace === undefined || object.metadata.namespace === namespace) out.push(clone(object));
    }
    return out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Stores a new object: uid, creationTimestamp, resourceVersion (and generation 1) are assigned here. */
  create(def: ResourceDef, input: KubeObject): KubeObject {
    const table = this.table(def);
    const key = this.key(def, input.metadata.namespace ?? '', input.metadata.name);
    if (table.objects.has(key)) throw alreadyExists(def, input.metadata.name);
    const object = clone(input);
    object.apiVersion = apiVersionOf(def);
    object.kind = def.kind;
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = formatTime(this.now());
    if (def.hasGeneration) object.metadata.generation = 1;
    else delete object.metadata.generation;
    if (!def.namespaced) delete object.metadata.namespace;
    return this.write(def, table, key, object, 'ADDED', undefined);
  }

  /** Replaces a stored object as given; preconditions and generation are the caller's business. */
  update(def: ResourceDef, input: KubeObject): KubeObject {
    const table = this.table(def);
    const key = this.key(def, input.metadata.namespace ?? '', input.metadata.name);
    const previous = table.objects.get(key);
    if (!previous) throw notFound(def, input.metadata.name);
    const object = clone(input);
    object.apiVersion = apiVersionOf(def);
    object.kind = def.kind;
    object.metadata.uid = previous.metadata.uid;
    object.metadata.creationTimestamp = previous.metadata.creationTimestamp;
    return this.write(def, table, key, object, 'MODIFIED', previous);
  }

  /** Removes an object; the DELETED event carries its last state at the deletion's revision. */
  remove(def: ResourceDef, namespace: string, name: string): KubeObject {
    const table = this.table(def);
    const key = this.key(def, namespace, name);
    const previous = table.objects.get(key);
    if (!previous) throw notFound(def, name);
    table.objects.delete(key);
    const object = clone(previous);
    this.revision++;
    object.metadata.resourceVersion = String(this.revision);
    this.record(table, { type: 'DELETED', def, object, previous, resourceVersion: this.revision });
    return clone(object);
  }

  /** Changes after `fromRevision`, oldest first; throws 410 Expired when the history no longer reaches back. */
  changesSince(def: ResourceDef, fromRevision: number, requested: string): StoreEvent[] {
    const table = this.table(def);
    if (fromRevision < table.historyStart) throw resourceExpired(requested, table.historyStart + 1);
    return table.history.filter((e) => e.resourceVersion > fromRevision);
  }

  /** Forgets all history, as an etcd compaction does: every older resourceVersion is now too old. */
  compact(): void {
    for (const table of this.tables.values()) {
      table.history = [];
      table.historyStart = this.revision;
    }
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(def: ResourceDef, table: ResourceTable, key: string, object: KubeObject, type: WatchEventType, previous: KubeObject | undefined): KubeObject {
    this.revision++;
    object.metadata.resourceVersion = String(this.revision);
    table.objects.set(key, object);
    this.record(table, { type, def, object: clone(object), previous: previous && clone(previous), resourceVersion: this.revision });
    return clone(object);
  }

  private record(table: ResourceTable, event: StoreEvent): void {
    table.history.push(event);
    while (table.history.length > this.historySize) {
      const dropped = table.history.shift()!;
      table.historyStart = dropped.resourceVersion;
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  private key(def: ResourceDef, namespace: string, name: string): string {
    return def.namespaced ? `${namespace}/${name}` : name;
  }

  private table(def: ResourceDef): ResourceTable {
    const key = resourceKey(def);
    let table = this.tables.get(key);
    if (!table) {
      table = { objects: new Map(), history: [], historyStart: 0 };
      this.tables.set(key, table);
    }
    return table;
  }
}
