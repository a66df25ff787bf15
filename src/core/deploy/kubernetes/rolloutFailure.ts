import type { CoreV1Event, V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { ClusterAccess } from './clusterAccess';
import { CONTAINER_NAME } from './deploymentManifest';
import { kubeCall } from './kubeCall';
import { POD_TEMPLATE_HASH } from './kubeLabels';
import type { RolloutState } from './rolloutStatus';

const LOG_TAIL_LINES = 40;
const MAX_EVENTS = 5;
const REPORT_TIMEOUT_MS = 20_000;

/** Why a rollout failed, in the cluster's words: the condition, the pods' warnings, a failing pod's last lines. */
export interface RolloutFailure {
  /** "ReplicaSet "x-5d8f" has timed out progressing." */
  condition: string;
  /** Warning events of the new revision's pods, newest last, repeats folded: "Failed: Failed to pull image ..." */
  podEvents: string[];
  /** the pod whose log is in logTail */
  pod: string | null;
  logTail: string[];
}

/**
 * Collects what a user needs to see why revision `rs` did not become available, like `kubectl
 * describe` would show it. Best effort: what cannot be read is left out, the failure itself stands.
 */
export async function describeRolloutFailure(access: ClusterAccess, state: Extract<RolloutState, { state: 'failed' }>, deployment: V1Deployment, rs: V1ReplicaSet | undefined): Promise<RolloutFailure> {
  const signal = AbortSignal.timeout(REPORT_TIMEOUT_MS);
  const condition = state.condition?.message ? `${state.message}: ${state.condition.message}` : state.message;
  const report: RolloutFailure = { condition, podEvents: [], pod: null, logTail: [] };
  const hash = rs?.metadata?.labels?.[POD_TEMPLATE_HASH];
  if (!rs || !hash) return report;
  const selector = Object.entries({ ...(deployment.spec?.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash }).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = await kubeCall(access, 'list the pods of the new revision', signal, (o) => access.core.listNamespacedPod({ namespace: access.namespace, labelSelector: selector }, o))
    .then((list) => list.items, () => [] as V1Pod[]);
  const podNames = new Set(pods.map((p) => p.metadata?.name));
  const events = await kubeCall(access, 'list events', signal, (o) => access.core.listNamespacedEvent({ namespace: access.namespace, fieldSelector: 'type=Warning,involvedObject.kind=Pod' }, o))
    .then((list) => list.items, () => [] as CoreV1Event[]);
  report.podEvents = warningLines(events.filter((e) => podNames.has(e.involvedObject?.name)));
  const failing = pods.find((p) => p.status?.containerStatuses?.some((c) => !c.ready && (c.state?.running || c.state?.terminated || c.lastState?.terminated)));
  if (failing?.metadata?.name) {
    report.pod = failing.metadata.name;
    const restarted = failing.status?.containerStatuses?.some((c) => c.lastState?.terminated && !c.state?.running);
    const text = await kubeCall(access, `read the log of pod ${failing.metadata.name}`, signal, (o) => access.core.readNamespacedPodLog({
      name: failing.metadata!.name!, namespace: access.namespace, container: CONTAINER_NAME, tailLines: LOG_TAIL_LINES, previous: restarted || undefined,
    }, o)).catch(() => '');
    report.logTail = text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
  }
  return report;
}

/** "Reason: message" per distinct warning, oldest first, the last few. */
export function warningLines(events: CoreV1Event[]): string[] {
  const seen = new Map<string, number>();
  for (const event of events) {
    const when = new Date(event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? 0).getTime();
    const line = `${event.reason ?? 'Warning'}: ${event.message ?? ''}`.trim();
    seen.set(line, Math.max(seen.get(line) ?? 0, when));
  }
  return [...seen.entries()].sort((a, b) => a[1] - b[1]).map(([line]) => line).slice(-MAX_EVENTS);
}

/** One paragraph for the error message. */
export function failureText(failure: RolloutFailure): string {
  const parts = [`${failure.condition}.`.replace(/\.\.$/, '.')];
  if (failure.podEvents.length > 0) parts.push(`Pod events: ${failure.podEvents.join('; ')}.`);
  const said = [...failure.logTail].reverse().find((line) => /error|exception|fatal|traceback|failed|cannot/i.test(line)) ?? failure.logTail.at(-1);
  if (failure.pod && said) parts.push(`Pod ${failure.pod} logged: ${said.trim()}`);
  return parts.join(' ');
}
