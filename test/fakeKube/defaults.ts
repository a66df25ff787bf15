import { isPlainObject, type KubeObject } from './kubeTypes';

// Defaulting as the API server applies it before storing an object, so clients read back what a
// cluster would return (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment/ReplicaSet,
// pkg/apis/core/v1/defaults.go SetDefaults_PodSpec/Container/Probe/Service/Namespace). Only
// defaults that show up in the fields the product and kubectl read are applied.

type Obj = Record<string, unknown>;

function obj(parent: Obj, key: string): Obj {
  if (!isPlainObject(parent[key])) parent[key] = {};
  return parent[key] as Obj;
}

function setIfMissing(target: Obj, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

/** SetDefaults_Container: `latest` or no tag pulls Always, anything else IfNotPresent. */
function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isPlainObject(probe)) return;
  setIfMissing(probe, 'timeoutSeconds', 1);
  setIfMissing(probe, 'periodSeconds', 10);
  setIfMissing(probe, 'successThreshold', 1);
  setIfMissing(probe, 'failureThreshold', 3);
  if (isPlainObject(probe.httpGet)) setIfMissing(probe.httpGet, 'scheme', 'HTTP');
}

function defaultContainer(container: unknown): void {
  if (!isPlainObject(container)) return;
  setIfMissing(container, 'terminationMessagePath', '/dev/termination-log');
  setIfMissing(container, 'terminationMessagePolicy', 'File');
  if (typeof container.image === 'string') setIfMissing(container, 'imagePullPolicy', defaultPullPolicy(container.image));
  setIfMissing(container, 'resources', {});
  for (const port of Array.isArray(container.ports) ? container.ports : []) {
    if (isPlainObject(port)) setIfMissing(port, 'protocol', 'TCP');
  }
  defaultProbe(container.readinessProbe);
  defaultProbe(container.livenessProbe);
  defaultProbe(container.startupProbe);
}

export function defaultPodSpec(spec: Obj): void {
  setIfMissing(spec, 'restartPolicy', 'Always');
  setIfMissing(spec, 'terminationGracePeriodSeconds', 30);
  setIfMissing(spec, 'dnsPolicy', 'ClusterFirst');
  setIfMissing(spec, 'securityContext', {});
  setIfMissing(spec, 'schedulerName', 'default-scheduler');
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) defaultContainer(c);
}

function defaultTemplate(spec: Obj): void {
  const template = obj(spec, 'template');
  // a template's ObjectMeta has a zero metav1.Time, which encodes as null (omitempty does not
  // apply to structs): every Deployment and ReplicaSet a cluster returns carries it
  const metadata = obj(template, 'metadata');
  if (metadata.creationTimestamp === undefined) metadata.creationTimestamp = null;
  defaultPodSpec(obj(template, 'spec'));
}

function defaultDeployment(o: Obj): void {
  const spec = obj(o, 'spec');
  setIfMissing(spec, 'replicas', 1);
  const strategy = obj(spec, 'strategy');
  setIfMissing(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = obj(strategy, 'rollingUpdate');
    setIfMissing(rolling, 'maxUnavailable', '25%');
    setIfMissing(rolling, 'maxSurge', '25%');
  }
  setIfMissing(spec, 'revisionHistoryLimit', 10);
  setIfMissing(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
  obj(o, 'status');
}

function defaultService(o: Obj): void {
  const spec = obj(o, 'spec');
  setIfMissing(spec, 'type', 'ClusterIP');
  setIfMissing(spec, 'sessionAffinity', 'None');
  setIfMissing(spec, 'internalTrafficPolicy', 'Cluster');
  setIfMissing(spec, 'ipFamilies', ['IPv4']);
  setIfMissing(spec, 'ipFamilyPolicy', 'SingleStack');
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isPlainObject(port)) continue;
    setIfMissing(port, 'protocol', 'TCP');
    setIfMissing(port, 'targetPort', port.port);
  }
  const status = obj(o, 'status');
  if (spec.type === 'LoadBalancer') obj(status, 'loadBalancer');
  else setIfMissing(status, 'loadBalancer', {});
}

/** SetDefaults_Secret (type Opaque), and stringData merged into data as the API server does on write. */
function defaultSecret(o: Obj): void {
  setIfMissing(o, 'type', 'Opaque');
  if (isPlainObject(o.stringData)) {
    const data = obj(o, 'data');
    for (const [key, value] of Object.entries(o.stringData)) data[key] = Buffer.from(String(value)).toString('base64');
  }
  delete o.stringData;
}

/** Applies the defaults of `object`'s kind in place. */
export function applyDefaults(object: KubeObject): void {
  const o = object as unknown as Obj;
  switch (object.kind) {
    case 'Deployment':
      defaultDeployment(o);
      break;
    case 'ReplicaSet':
      setIfMissing(obj(o, 'spec'), 'replicas', 1);
      defaultTemplate(obj(o, 'spec'));
      break;
    case 'Pod':
      defaultPodSpec(obj(o, 'spec'));
      break;
    case 'Service':
      defaultService(o);
      break;
    case 'Secret':
      defaultSecret(o);
      break;
    case 'Namespace':
      setIfMissing(obj(o, 'spec'), 'finalizers', ['kubernetes']);
      setIfMissing(obj(o, 'status'), 'phase', 'Active');
      break;
  }
}
