import * as k8s from '@kubernetes/client-node';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from '../../fakeKube/startFakeKube';

// The real @kubernetes/client-node 1.x pointed at a fake cluster through the kubeconfig the fake
// wrote, exactly as the product loads a cluster's.

export interface KubeClient {
  kube: FakeKube;
  config: k8s.KubeConfig;
  apps: k8s.AppsV1Api;
  core: k8s.CoreV1Api;
}

export async function startWithClient(options: FakeKubeOptions = {}): Promise<KubeClient> {
  const kube = await startFakeKube(options);
  const config = new k8s.KubeConfig();
  config.loadFromFile(kube.kubeconfigPath);
  return { kube, config, apps: config.makeApiClient(k8s.AppsV1Api), core: config.makeApiClient(k8s.CoreV1Api) };
}

export function patchAs(strategy: k8s.PatchStrategy): ReturnType<typeof k8s.setHeaderOptions> {
  return k8s.setHeaderOptions('Content-Type', strategy);
}

/** The Status body of a failed call, parsed (client-node 1.x keeps it as text). */
export async function failure(call: Promise<unknown>): Promise<{ code: number; reason?: string; message?: string }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof k8s.ApiException)) throw error;
    const raw = (error as k8s.ApiException<unknown>).body;
    let body: { reason?: string; message?: string } = {};
    try {
      body = (typeof raw === 'string' ? JSON.parse(raw) : raw ?? {}) as typeof body;
    } catch {
      body = { message: String(raw) };
    }
    return { code: (error as k8s.ApiException<unknown>).code, reason: body.reason, message: body.message };
  }
  throw new Error('the call succeeded but was expected to fail');
}

export interface DeploymentInput {
  name: string;
  image: string;
  replicas?: number;
  changeCause?: string;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  readinessDelaySeconds?: number;
  labels?: Record<string, string>;
}

export function deployment(input: DeploymentInput): k8s.V1Deployment {
  const labels = { 'app.kubernetes.io/name': input.name, ...(input.labels ?? {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: input.name,
      labels,
      ...(input.changeCause ? { annotations: { 'kubernetes.io/change-cause': input.changeCause } } : {}),
    },
    spec: {
      replicas: input.replicas ?? 2,
      ...(input.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: input.revisionHistoryLimit } : {}),
      ...(input.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: input.progressDeadlineSeconds } : {}),
      selector: { matchLabels: { 'app.kubernetes.io/name': input.name } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': input.name } },
        spec: {
          containers: [{
            name: 'model',
            image: input.image,
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ping', port: 8080 }, initialDelaySeconds: input.readinessDelaySeconds ?? 2 },
          }],
        },
      },
    },
  };
}

/** A JSON patch that sets the image and change cause, the way a deploy of a new version would. */
export function newVersionPatch(image: string, changeCause: string): object[] {
  return [
    { op: 'replace', path: '/spec/template/spec/containers/0/image', value: image },
    { op: 'add', path: '/metadata/annotations', value: { 'kubernetes.io/change-cause': changeCause } },
  ];
}

/** Deploys a new image by JSON patch (what a deploy of a new version does). */
export async function setImage(client: KubeClient, name: string, image: string, changeCause: string): Promise<k8s.V1Deployment> {
  return client.apps.patchNamespacedDeployment({ name, namespace: 'default', body: newVersionPatch(image, changeCause) }, patchAs(k8s.PatchStrategy.JsonPatch));
}

/** The Deployment's ReplicaSets by revision: `{ revision: image }`. */
export async function revisions(client: KubeClient, name: string): Promise<Map<number, k8s.V1ReplicaSet>> {
  const list = await client.apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: `app.kubernetes.io/name=${name}` });
  const out = new Map<number, k8s.V1ReplicaSet>();
  for (const rs of list.items) out.set(Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']), rs);
  return new Map([...out.entries()].sort(([a], [b]) => a - b));
}

export function imageOf(object: k8s.V1ReplicaSet | k8s.V1Deployment | undefined): string | undefined {
  return object?.spec?.template?.spec?.containers[0]?.image;
}

/** `kubectl rollout status`'s test (kubectl/pkg/polymorphichelpers/rollout_status.go), for the tests' own waits. */
export function rolloutComplete(d: k8s.V1Deployment): boolean {
  const s = d.status ?? {};
  const replicas = d.spec?.replicas ?? 1;
  return (d.metadata?.generation ?? 0) <= (s.observedGeneration ?? 0) &&
    (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && (s.availableReplicas ?? 0) === (s.updatedReplicas ?? 0);
}

/** Moves the fake clock from one scheduled change to the next until `done` holds (at most `limitMs` of fake time). */
export async function advanceUntil(kube: FakeKube, done: () => Promise<boolean>, limitMs = 3_600_000): Promise<number> {
  const start = kube.clock.now();
  while (!(await done())) {
    const next = kube.clock.nextTimerAt();
    if (next === undefined || next - start > limitMs) throw new Error(`condition not reached within ${limitMs} ms of fake time (next timer: ${next === undefined ? 'none' : next - start})`);
    await kube.advance(Math.max(0, next - kube.clock.now()));
  }
  return kube.clock.now() - start;
}

export async function readDeployment(client: KubeClient, name: string): Promise<k8s.V1Deployment> {
  return client.apps.readNamespacedDeployment({ name, namespace: 'default' });
}
