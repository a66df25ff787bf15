import type { V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { DeployError } from '../deployError';
import type { ClusterAccess } from './clusterAccess';
import { kubeCall } from './kubeCall';

/** The pod and container port `kubectl port-forward svc/NAME` would reach for one service port. */
export interface ServiceEndpoint {
  pod: string;
  servicePort: number;
  containerPort: number;
}

/**
 * kubectl's choice for `port-forward svc/NAME LOCAL:PORT`: the pods the Service selects, the most
 * active first (polymorphichelpers.GetFirstPod sorts by podutils.ActivePods reversed: ready longest,
 * fewest restarts, oldest), of which a Running and Ready one; the service port mapped to the
 * container's targetPort (util.LookupContainerPortNumberByServicePort).
 */
export async function serviceEndpoint(access: ClusterAccess, name: string, servicePort: number | undefined, signal: AbortSignal): Promise<ServiceEndpoint> {
  const where = `namespace '${access.namespace}' of context '${access.context}'`;
  const service = await kubeCall(access, `read service '${name}'`, signal, (o) => access.core.readNamespacedService({ name, namespace: access.namespace }, o));
  const port = pickServicePort(service, servicePort, where);
  const selector = Object.entries(service.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  if (!selector) throw new DeployError('NOT_FOUND', `Service '${name}' in ${where} selects no pods (it has no selector), so there is no pod to forward to.`);
  const pods = await kubeCall(access, `list the pods of service '${name}'`, signal, (o) => access.core.listNamespacedPod({ namespace: access.namespace, labelSelector: selector }, o));
  const pod = pods.items.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && readySince(p) !== undefined).sort(mostActiveFirst)[0];
  if (!pod) {
    const seen = pods.items.map((p) => `${p.metadata?.name} (${p.status?.phase ?? 'Pending'}${readySince(p) === undefined ? ', not ready' : ''})`).join(', ');
    throw new DeployError('NOT_FOUND', `No pod of service '${name}' in ${where} is running and ready to forward to (${seen || 'it has no pods'}). Deploy it or wait for its rollout.`);
  }
  return { pod: pod.metadata?.name ?? '', servicePort: port.port, containerPort: containerPortFor(port, pod, name, where) };
}

function pickServicePort(service: V1Service, wanted: number | undefined, where: string): V1ServicePort {
  const ports = service.spec?.ports ?? [];
  const port = wanted === undefined ? ports[0] : ports.find((p) => p.port === wanted);
  if (!port) {
    const name = service.metadata?.name;
    throw new DeployError('NOT_FOUND', wanted === undefined
      ? `Service '${name}' in ${where} has no ports.`
      : `Service '${name}' in ${where} does not have a service port ${wanted} (it has ${ports.map((p) => p.port).join(', ') || 'none'}).`);
  }
  return port;
}

function containerPortFor(port: V1ServicePort, pod: V1Pod, name: string, where: string): number {
  const target = port.targetPort as number | string | undefined;
  if (target === undefined || target === 0 || target === '') return port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const found = pod.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target);
  if (!found) throw new DeployError('NOT_FOUND', `Pod '${pod.metadata?.name}' of service '${name}' in ${where} has no container port named '${target}' (the service's targetPort).`);
  return found.containerPort;
}

function readySince(pod: V1Pod): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return undefined;
  return ready.lastTransitionTime ? new Date(ready.lastTransitionTime).getTime() : 0;
}

function restarts(pod: V1Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount));
}

function mostActiveFirst(a: V1Pod, b: V1Pod): number {
  return (readySince(a) ?? 0) - (readySince(b) ?? 0)
    || restarts(a) - restarts(b)
    || new Date(a.metadata?.creationTimestamp ?? 0).getTime() - new Date(b.metadata?.creationTimestamp ?? 0).getTime();
}
