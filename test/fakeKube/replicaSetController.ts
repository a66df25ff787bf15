import { controllerRefTo, controllerUid, type ControllerContext } from './controllerContext';
import { applyDefaults } from './defaults';
import { deleteObject } from './garbageCollector';
import type { Pod, ReplicaSet } from './kubeTypes';
import { clone, omitZero, parseTime } from './kubeTypes';
import { updateAs } from './objectUpdates';
import { resourceByKind } from './resources';
import { labelSelectorMatcher } from './selectors';
import { semanticEqual } from './semantic';

// The replica set controller, after pkg/controller/replicaset/replica_set.go: create or delete
// pods until the owned active pods number spec.replicas (deleting the least useful first, the
// ActivePods order of controller_utils.go), and report replicas / ready / available
// (ready for minReadySeconds, podutil.IsPodAvailable) in the status. Count fields that are zero
// are left out, as the API's omitempty JSON does.

const replicaSets = () => resourceByKind('ReplicaSet');
const pods = () => resourceByKind('Pod');

export function readySince(pod: Pod): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' ? parseTime(ready.lastTransitionTime) : undefined;
}

function isActive(pod: Pod): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** ActivePods Less: unscheduled, pending, unready, recently ready, often restarted, newer pods go first. */
function deletionOrder(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec.nodeName ? 1 : 0);
  const phaseRank = (p: Pod) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? 'Pending'] ?? 0;
  const ready = (p: Pod) => (readySince(p) !== undefined ? 1 : 0);
  const restarts = (p: Pod) => (p.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
  return assigned(a) - assigned(b) || phaseRank(a) - phaseRank(b) || ready(a) - ready(b) ||
    (readySince(b) ?? 0) - (readySince(a) ?? 0) || restarts(b) - restarts(a) ||
    (parseTime(b.metadata.creationTimestamp) ?? 0) - (parseTime(a.metadata.creationTimestamp) ?? 0);
}

export class ReplicaSetController {
  constructor(private readonly ctx: ControllerContext) {}

  reconcile(): void {
    for (const rs of this.ctx.store.list(replicaSets()) as ReplicaSet[]) {
      if (!this.ctx.store.get(replicaSets(), rs.metadata.namespace ?? '', rs.metadata.name)) continue;
      this.sync(rs);
    }
  }

  private sync(rs: ReplicaSet): void {
    const namespace = rs.metadata.namespace ?? 'default';
    let owned = (this.ctx.store.list(pods(), namespace) as Pod[]).filter((p) => controllerUid(p) === rs.metadata.uid && isActive(p));
    if (!rs.metadata.deletionTimestamp) {
      const diff = owned.length - rs.spec.replicas;
      if (diff < 0) {
        for (let i = 0; i < -diff; i++) owned.push(this.createPod(rs));
      } else if (diff > 0) {
        const doomed = [...owned].sort(deletionOrder).slice(0, diff);
        for (const pod of doomed) {
          deleteObject(this.ctx.store, this.ctx.now, pods(), namespace, pod.metadata.name);
          this.ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, { component: 'replicaset-controller' });
        }
        owned = owned.filter((p) => !doomed.includes(p));
      }
    }
    this.updateStatus(rs, owned);
  }

  private createPod(rs: ReplicaSet): Pod {
    const template = clone(rs.spec.template);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${this.ctx.randomSuffix()}`,
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        uid: '', resourceVersion: '', creationTimestamp: '',
        labels: template.metadata?.labels ?? {},
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [controllerRefTo(rs)],
      },
      spec: template.spec,
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    };
    applyDefaults(pod);
    const created = this.ctx.store.create(pods(), pod) as Pod;
    this.ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, { component: 'replicaset-controller' });
    return created;
  }

  private updateStatus(rs: ReplicaSet, owned: Pod[]): void {
    const now = this.ctx.now();
    const minReadyMs = (rs.spec.minReadySeconds ?? 0) * 1000;
    const templateLabels = labelSelectorMatcher({ matchLabels: rs.spec.template.metadata?.labels ?? {} });
    let ready = 0;
    let available = 0;
    for (const pod of owned) {
      const since = readySince(pod);
      if (since === undefined) continue;
      ready++;
      // IsPodAvailable: ready, and for minReadySeconds when that is set (strictly before now)
      if (minReadyMs === 0 || since + minReadyMs < now) available++;
      else this.ctx.wakeAt(since + minReadyMs + 1);
    }
    const status = omitZero({
      replicas: owned.length,
      fullyLabeledReplicas: owned.filter((p) => templateLabels(p.metadata.labels)).length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation,
    }, ['replicas']);
    const current = this.ctx.store.get(replicaSets(), rs.metadata.namespace ?? '', rs.metadata.name) as ReplicaSet | undefined;
    if (current && !semanticEqual({ ...current.status }, status)) updateAs(this.ctx.store, replicaSets(), { ...current, status }, 'status');
  }
}
