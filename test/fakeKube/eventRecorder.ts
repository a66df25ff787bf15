import { formatTime, type KubeObject } from './kubeTypes';
import type { ObjectStore } from './objectStore';
import { resourceByKind } from './resources';

// core/v1 Events as the controllers and the kubelet record them through client-go's
// record.EventRecorder: named `<object>.<hex nanoseconds>`, with involvedObject, source and
// first/last timestamps, and a repeated event (same object, type, reason and message) folded into
// one whose `count` grows (tools/record/events_cache.go EventCorrelator).

export interface EventSource {
  component: string;
  host?: string;
}

export class EventRecorder {
  private sequence = 0;
  /** the event each (object, field, type, reason, message, source) went into, for folding repeats */
  private byKey = new Map<string, { namespace: string; name: string }>();

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
  ) {}

  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const def = resourceByKind('Event');
    const namespace = involved.metadata.namespace ?? 'default';
    const nowText = formatTime(this.now());
    const key = JSON.stringify([involved.metadata.uid, fieldPath ?? '', type, reason, message, source.component]);
    const known = this.byKey.get(key);
    // the event may have been deleted since (by a client or with its namespace)
    const existing = known && this.store.get(def, known.namespace, known.name);
    if (existing) {
      existing.count = Number(existing.count ?? 1) + 1;
      existing.lastTimestamp = nowText;
      this.store.update(def, existing);
      return;
    }
    const nanos = BigInt(this.now()) * 1_000_000n + BigInt(this.sequence++);
    const name = `${involved.metadata.name}.${nanos.toString(16)}`;
    this.byKey.set(key, { namespace, name });
    this.store.create(def, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: '', resourceVersion: '', creationTimestamp: '' },
      involvedObject: {
        kind: involved.kind,
        namespace,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source,
      firstTimestamp: nowText,
      lastTimestamp: nowText,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
  }
}
