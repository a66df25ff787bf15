import type { CoreV1Event, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { POD_TEMPLATE_HASH } from './kubeLabels';
import { revisionOf } from './replicaSetRevisions';

/** One pod of a deployment as `kubectl get pods` shows it. */
export interface PodSummary {
  name: string;
  /** the revision (ReplicaSet) it belongs to, null when none matches */
  revision: number | null;
  /** containers ready / containers */
  ready: string;
  restarts: number;
  /** Pending, Running, ...; a waiting reason (ImagePullBackOff, CrashLoopBackOff) when there is one, as kubectl's STATUS */
  status: string;
  /** epoch ms */
  createdAt: number;
}

export interface EventSummary {
  type: string;
  reason: string;
  /** "Pod/iris-5d8f-abcde", "ReplicaSet/iris-5d8f", "Deployment/iris" */
  object: string;
  message: string;
  count: number;
  /** epoch ms of the last occurrence */
  lastSeen: number;
}

export function podSummaries(pods: V1Pod[], replicaSets: V1ReplicaSet[]): PodSummary[] {
  const revisionByHash = new Map(replicaSets.map((rs) => [rs.metadata?.labels?.[POD_TEMPLATE_HASH], revisionOf(rs) ?? null]));
  return pods.map((pod) => {
    const statuses = pod.status?.containerStatuses ?? [];
    const waiting = statuses.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
    const terminated = statuses.find((c) => c.state?.terminated?.reason)?.state?.terminated?.reason;
    return {
      name: pod.metadata?.name ?? '',
      revision: revisionByHash.get(pod.metadata?.labels?.[POD_TEMPLATE_HASH]) ?? null,
      ready: `${statuses.filter((c) => c.ready).length}/${pod.spec?.containers.length ?? statuses.length}`,
      restarts: statuses.reduce((sum, c) => sum + (c.restartCount ?? 0), 0),
      status: pod.metadata?.deletionTimestamp ? 'Terminating' : waiting ?? terminated ?? pod.status?.phase ?? 'Unknown',
      createdAt: pod.metadata?.creationTimestamp ? new Date(pod.metadata.creationTimestamp).getTime() : 0,
    };
  }).sort((a, b) => b.createdAt - a.createdAt || a.name.localeCompare(b.name));
}

/** The events of the objects named, newest first, at most `limit`. */
export function eventSummaries(events: CoreV1Event[], objectNames: Set<string>, limit: number): EventSummary[] {
  return events
    .filter((e) => objectNames.has(e.involvedObject?.name ?? ''))
    .map((e) => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      message: e.message ?? '',
      count: e.count ?? 1,
      lastSeen: new Date(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? 0).getTime(),
    }))
    .sort((a, b) => b.lastSeen - a.lastSeen)
    .slice(0, limit);
}
