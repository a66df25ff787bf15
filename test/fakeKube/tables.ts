import type { Deployment, KubeObject, Pod, ReplicaSet } from './kubeTypes';
import { parseTime } from './kubeTypes';
import type { ResourceDef } from './resources';
import { formatLabelSelector } from './selectors';

// Server-side printing: `kubectl get` asks for `application/json;as=Table;v=v1;g=meta.k8s.io` and
// prints the columns the server chose. Columns and cells follow pkg/printers/internalversion/printers.go
// (printDeployment, printReplicaSet, printPod, printService, printEvent, printNamespace,
// printSecret); ages are duration.HumanDuration of the fake clock. Rows carry the object's
// metadata as PartialObjectMetadata, as with includeObject=Metadata (kubectl's default).

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  priority?: number;
  description: string;
}

const NAME: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' };
const AGE: Column = { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' };

/** k8s.io/apimachinery/pkg/util/duration HumanDuration */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) return `${Math.floor(hours / 24 / 365)}y${Math.floor(hours / 24) % 365}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

function containersAndImages(spec: { containers?: { name: string; image: string }[] } | undefined): [string, string] {
  const containers = spec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
}

/** printPod's STATUS: the phase, overridden by a container's waiting or terminated reason, or Terminating. */
function podStatus(pod: Pod): string {
  let reason: string = pod.status?.phase ?? 'Pending';
  for (const status of pod.status?.containerStatuses ?? []) {
    if (status.state.waiting?.reason) reason = status.state.waiting.reason;
    else if (status.state.terminated?.reason) reason = status.state.terminated.reason;
  }
  return pod.metadata.deletionTimestamp ? 'Terminating' : reason;
}

type Printer = { columns: Column[]; cells: (o: KubeObject, age: string) => unknown[] };

const PRINTERS: Record<string, Printer> = {
  Deployment: {
    columns: [
      NAME,
      { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' },
      { name: 'Up-to-date', type: 'string', description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.' },
      { name: 'Available', type: 'string', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' },
      AGE,
      { name: 'Containers', type: 'string', priority: 1, description: 'Names of each container in the template.' },
      { name: 'Images', type: 'string', priority: 1, description: 'Images referenced by each container in the template.' },
      { name: 'Selector', type: 'string', priority: 1, description: 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.' },
    ],
    cells: (o, age) => {
      const d = o as Deployment;
      return [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec.replicas}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, age,
        ...containersAndImages(d.spec.template.spec), formatLabelSelector(d.spec.selector)];
    },
  },
  ReplicaSet: {
    columns: [
      NAME,
      { name: 'Desired', type: 'integer', description: 'Replicas is the number of desired replicas.' },
      { name: 'Current', type: 'integer', description: 'Replicas is the most recently observed number of replicas.' },
      { name: 'Ready', type: 'integer', description: 'The number of ready replicas for this replica set.' },
      AGE,
      { name: 'Containers', type: 'string', priority: 1, description: 'Names of each container in the template.' },
      { name: 'Images', type: 'string', priority: 1, description: 'Images referenced by each container in the template.' },
      { name: 'Selector', type: 'string', priority: 1, description: 'Selector is a label query over pods that should match the replica count.' },
    ],
    cells: (o, age) => {
      const rs = o as ReplicaSet;
      return [rs.metadata.name, rs.spec.replicas, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, age,
        ...containersAndImages(rs.spec.template.spec), formatLabelSelector(rs.spec.selector)];
    },
  },
  Pod: {
    columns: [
      NAME,
      { name: 'Ready', type: 'string', description: 'The aggregate readiness state of this pod for accepting traffic.' },
      { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.' },
      { name: 'Restarts', type: 'string', description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.' },
      AGE,
      { name: 'IP', type: 'string', priority: 1, description: 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.' },
      { name: 'Node', type: 'string', priority: 1, description: 'NodeName is a request to schedule this pod onto a specific node.' },
      { name: 'Nominated Node', type: 'string', priority: 1, description: 'nominatedNodeName is set only when this pod preempts other pods on the node.' },
      { name: 'Readiness Gates', type: 'string', priority: 1, description: 'If specified, all readiness gates will be evaluated for pod readiness.' },
    ],
    cells: (o, age) => {
      const pod = o as Pod;
      const statuses = pod.status?.containerStatuses ?? [];
      const restarts = statuses.reduce((n, s) => n + s.restartCount, 0);
      return [pod.metadata.name, `${statuses.filter((s) => s.ready).length}/${pod.spec.containers.length}`, podStatus(pod), restarts, age,
        pod.status?.podIP ?? '<none>', pod.spec.nodeName ?? '<none>', '<none>', '<none>'];
    },
  },
  Service: {
    columns: [
      NAME,
      { name: 'Type', type: 'string', description: 'type determines how the Service is exposed.' },
      { name: 'Cluster-IP', type: 'string', description: 'clusterIP is the IP address of the service.' },
      { name: 'External-IP', type: 'string', description: 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.' },
      { name: 'Port(s)', type: 'string', description: 'The list of ports that are exposed by this service.' },
      AGE,
      { name: 'Selector', type: 'string', priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.' },
    ],
    cells: (o, age) => {
      const spec = (o.spec ?? {}) as { type?: string; clusterIP?: string; ports?: { port: number; nodePort?: number; protocol?: string }[]; selector?: Record<string, string> };
      const ports = (spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
      const selector = Object.entries(spec.selector ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
      return [o.metadata.name, spec.type ?? 'ClusterIP', spec.clusterIP ?? '<none>', spec.type === 'LoadBalancer' ? '<pending>' : '<none>', ports, age, selector];
    },
  },
  Event: {
    columns: [
      { name: 'Last Seen', type: 'string', description: 'The time at which the most recent occurrence of this event was recorded.' },
      { name: 'Type', type: 'string', description: 'Type of this event (Normal, Warning), new types could be added in the future.' },
      { name: 'Reason', type: 'string', description: 'This should be a short, machine understandable string that gives the reason for this event being generated.' },
      { name: 'Object', type: 'string', description: 'The object that this event is about.' },
      { name: 'Message', type: 'string', description: 'A human-readable description of the status of this operation.' },
    ],
    cells: (o) => {
      const involved = (o.involvedObject ?? {}) as { kind?: string; name?: string };
      return [o.lastTimestamp ?? '', o.type, o.reason, `${(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`, o.message];
    },
  },
  Namespace: {
    columns: [NAME, { name: 'Status', type: 'string', description: 'The status of the namespace' }, AGE],
    cells: (o, age) => [o.metadata.name, (o.status as { phase?: string } | undefined)?.phase ?? 'Active', age],
  },
  Secret: {
    columns: [NAME, { name: 'Type', type: 'string', description: 'The type of data stored in the secret' }, { name: 'Data', type: 'string', description: 'The number of entries in the secret' }, AGE],
    cells: (o, age) => [o.metadata.name, o.type, Object.keys((o.data as Record<string, string> | undefined) ?? {}).length, age],
  },
};

/** Whether an Accept header asks for a meta.k8s.io/v1 Table. */
export function wantsTable(accept: string): boolean {
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io') && params.includes('v=v1');
  });
}

/** The Table of `objects`; the last event's time is the Last Seen of events, the rest show their age. */
export function toTable(def: ResourceDef, objects: KubeObject[], now: number, resourceVersion: string): Record<string, unknown> {
  const printer = PRINTERS[def.kind];
  const ageOf = (o: KubeObject) => humanDuration(now - (parseTime(o.metadata.creationTimestamp) ?? now));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: printer.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: c.priority ?? 0 })),
    rows: objects.map((o) => {
      const cells = printer.cells(o, ageOf(o));
      if (def.kind === 'Event') cells[0] = o.lastTimestamp ? humanDuration(now - (parseTime(String(o.lastTimestamp)) ?? now)) : '<unknown>';
      return {
        cells,
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
      };
    }),
  };
}
