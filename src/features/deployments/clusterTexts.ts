// What the Deployments view and commands say about a cluster's pods, events and changes. No vscode here, so the unit tests read it.
import type { EventSummary, PodSummary } from '../../core/deploy/kubernetes/deploymentDetails';

/** "1/1 ready · 0 restarts · Running · revision 2", as `kubectl get pods` reads. */
export function podDescription(pod: PodSummary): string {
  const parts = [`${pod.ready} ready`, `${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}`, pod.status];
  if (pod.revision !== null) parts.push(`revision ${pod.revision}`);
  return parts.join(' · ');
}

/** Whether every container of the pod is ready ("2/2"). */
export function podReady(pod: PodSummary): boolean {
  const [ready, total] = pod.ready.split('/').map(Number);
  return total > 0 && ready === total;
}

/** Warnings before the rest, each group newest first (the order they came in). */
export function warningsFirst(events: EventSummary[]): EventSummary[] {
  return [...events.filter((e) => e.type === 'Warning'), ...events.filter((e) => e.type !== 'Warning')];
}

/** "Warning BackOff" with "Pod/iris-5d8f-abcde: Back-off pulling image ... (x3)" beside it. */
export function eventLabel(event: EventSummary): string {
  return `${event.type} ${event.reason}`.trim();
}

export function eventDescription(event: EventSummary): string {
  return `${event.object}: ${event.message}${event.count > 1 ? ` (x${event.count})` : ''}`;
}

/** The detail of Stop on a cluster: the Deployment is scaled to zero; its ReplicaSets stay for a rollback. */
export function clusterStopDetail(name: string, replicas: number | undefined, revisions: number): string {
  const serving = replicas === undefined ? '' : ` (now ${replicas} replica${replicas === 1 ? '' : 's'})`;
  return `Deployment '${name}'${serving} is scaled to 0 replicas: its pods are deleted and it stops serving. Its ${revisions} revision${revisions === 1 ? '' : 's'} (ReplicaSets) stay: deploy or roll back to serve again.`;
}

export function clusterRemoveDetail(name: string): string {
  return `Deployment '${name}', its ReplicaSets and pods, and Service '${name}' are deleted, so it cannot be rolled back afterwards. The images stay in their registry.`;
}

/** The prompt of the typed confirmation in a protected context. */
export function typedConfirmationPrompt(context: string, pattern: string, namespace: string, change: string): string {
  return `Context '${context}' is protected (mlops.kubernetes.protectedContexts: "${pattern}"). Type the namespace '${namespace}' to ${change}.`;
}

/** Why the image cannot go to a cluster: the nodes pull images, they do not see this machine's engine. */
export function localImageProblem(problem: string): string {
  return `${problem}, so the cluster's nodes cannot pull it. Push it first (Push Image, or set mlops.build.registry and choose "Build and push"), then deploy the registry reference.`;
}
