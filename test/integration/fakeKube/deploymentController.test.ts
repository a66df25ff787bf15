import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import {
  advanceUntil, deployment, imageOf, patchAs, readDeployment, revisions, rolloutComplete, setImage, startWithClient, type KubeClient,
} from './kubeClient';
import { waitFor } from '../../support/waitFor';
import { loginRegistry, pushTinyImage, testRegistryHost, type LoginRegistry } from './testRegistry';
import { WatchRecorder } from './watchRecorder';

// The fake's deployment controller, replica set controller and kubelet as client-node sees them:
// ReplicaSets named by the template hash and numbered by revision, an old ReplicaSet adopted on
// rollback with its number moved to revision-history, pruning beyond revisionHistoryLimit, status
// advancing on the fake clock, the progress deadline, paused Deployments, and readiness decided by
// whether the image exists (in the test's list or in the real test registry).

const namespace = 'default';
const REVISION = 'deployment.kubernetes.io/revision';
const HISTORY = 'deployment.kubernetes.io/revision-history';
const image = (v: number) => `registry.local/model:${v}`;

function condition(d: k8s.V1Deployment, type: string): k8s.V1DeploymentCondition | undefined {
  return d.status?.conditions?.find((c) => c.type === type);
}

/** Advances the fake clock until the Deployment's rollout is complete; returns the fake time it took. */
async function completeRollout(client: KubeClient, name: string): Promise<number> {
  return advanceUntil(client.kube, async () => {
    const d = await readDeployment(client, name);
    return rolloutComplete(d) && condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable';
  });
}

async function deployVersions(client: KubeClient, name: string, versions: number[], extra: { revisionHistoryLimit?: number } = {}): Promise<void> {
  const [first, ...rest] = versions;
  await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name, image: image(first), changeCause: `v${first}`, ...extra }) });
  await completeRollout(client, name);
  for (const v of rest) {
    await setImage(client, name, image(v), `v${v}`);
    await completeRollout(client, name);
  }
}

function table(revs: Map<number, k8s.V1ReplicaSet>): string[] {
  return [...revs.entries()].map(([rev, rs]) =>
    `${rev} ${imageOf(rs)} replicas=${rs.spec?.replicas} cause=${rs.metadata?.annotations?.['kubernetes.io/change-cause']}${rs.metadata?.annotations?.[HISTORY] ? ` history=${rs.metadata.annotations[HISTORY]}` : ''}`);
}

describe('fake Kubernetes cluster: deployment controller', function () {
  let client: KubeClient;

  beforeEach(async () => {
    client = await startWithClient({ images: [1, 2, 3, 4, 5, 6].map(image) });
  });
  afterEach(async () => {
    await client.kube.stop();
  });

  it('numbers ReplicaSets by revision, names them by template hash and scales the old ones down', async () => {
    await deployVersions(client, 'web', [1, 2, 3]);
    const revs = await revisions(client, 'web');
    assert.deepEqual(table(revs), [
      `1 ${image(1)} replicas=0 cause=v1`,
      `2 ${image(2)} replicas=0 cause=v2`,
      `3 ${image(3)} replicas=2 cause=v3`,
    ]);
    for (const rs of revs.values()) {
      const hash = rs.metadata?.labels?.['pod-template-hash'];
      assert.ok(hash && rs.metadata?.name === `web-${hash}`, rs.metadata?.name);
      assert.equal(rs.spec?.selector.matchLabels?.['pod-template-hash'], hash);
      assert.equal(rs.metadata?.ownerReferences?.[0].kind, 'Deployment');
    }
    const d = await readDeployment(client, 'web');
    assert.equal(d.metadata?.annotations?.[REVISION], '3');
    assert.equal(d.status?.observedGeneration, d.metadata?.generation);
    assert.deepEqual([d.status?.replicas, d.status?.updatedReplicas, d.status?.readyReplicas, d.status?.availableReplicas], [2, 2, 2, 2]);
    assert.equal(condition(d, 'Available')?.status, 'True');
    assert.equal(condition(d, 'Progressing')?.message, `ReplicaSet "${revs.get(3)?.metadata?.name}" has successfully progressed.`);
    const pods = await client.core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/name=web' });
    assert.deepEqual(pods.items.map((p) => p.spec?.containers[0].image), [image(3), image(3)]);
    assert.ok(pods.items.every((p) => p.status?.phase === 'Running' && p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True'));
  });

  it('advances the status over time and never drops below the available minimum during a rolling update', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: image(1), replicas: 4 }) });
    const first = await readDeployment(client, 'web');
    assert.equal(first.status?.observedGeneration, 1);
    assert.deepEqual([first.status?.replicas, first.status?.updatedReplicas, first.status?.availableReplicas ?? 0], [4, 4, 0]);
    assert.equal(condition(first, 'Available')?.status, 'False');
    // the new ReplicaSet's pods already exist when the response goes out: past NewReplicaSetCreated
    assert.equal(condition(first, 'Progressing')?.reason, 'ReplicaSetUpdated');
    const took = await completeRollout(client, 'web');
    assert.equal(took, 2_000, 'ready after the readiness probe\'s initialDelaySeconds');

    const list = await client.apps.listNamespacedDeployment({ namespace });
    const recorder = WatchRecorder.start(client.config, '/apis/apps/v1/namespaces/default/deployments', { resourceVersion: list.metadata?.resourceVersion });
    try {
      const patched = await setImage(client, 'web', image(2), 'v2');
      assert.equal(patched.metadata?.generation, 2);
      await completeRollout(client, 'web');
      const done = await readDeployment(client, 'web');
      await recorder.until('the final status', (events) => events.some((e) => e.resourceVersion === done.metadata?.resourceVersion));
      const all = recorder.events.map((e) => (e.object as k8s.V1Deployment).status ?? {});
      // the patch's own event still carries the status of generation 1
      const statuses = all.filter((s) => s.observedGeneration === 2);
      assert.ok(statuses.length > 3, `statuses of generation 2: ${statuses.length}`);
      // 4 replicas, maxUnavailable 25% = 1, maxSurge 25% = 1 (kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment)
      assert.ok(all.every((s) => (s.availableReplicas ?? 0) >= 3), all.map((s) => s.availableReplicas).join(','));
      assert.ok(all.every((s) => (s.replicas ?? 0) <= 5), all.map((s) => s.replicas).join(','));
      const updated = statuses.map((s) => s.updatedReplicas ?? 0);
      assert.deepEqual(updated, [...updated].sort((a, b) => a - b), 'updatedReplicas only grows');
      assert.ok(updated.some((u) => u > 0 && u < 4), 'the rollout went through intermediate steps');
      assert.equal(done.status?.observedGeneration, 2);
    } finally {
      recorder.stop();
    }
  });

  it('adopts the old ReplicaSet on rollback, moving its revision number to revision-history', async () => {
    await deployVersions(client, 'web', [1, 2, 3]);
    const before = await revisions(client, 'web');
    await setImage(client, 'web', image(2), 'v2');
    await completeRollout(client, 'web');
    let revs = await revisions(client, 'web');
    assert.deepEqual(table(revs), [
      `1 ${image(1)} replicas=0 cause=v1`,
      `3 ${image(3)} replicas=0 cause=v3`,
      `4 ${image(2)} replicas=2 cause=v2 history=2`,
    ]);
    assert.equal(revs.get(4)?.metadata?.uid, before.get(2)?.metadata?.uid, 'the same ReplicaSet, not a new one');
    assert.equal((await readDeployment(client, 'web')).metadata?.annotations?.[REVISION], '4');

    await setImage(client, 'web', image(1), 'v1');
    await completeRollout(client, 'web');
    await setImage(client, 'web', image(2), 'v2 again');
    await completeRollout(client, 'web');
    revs = await revisions(client, 'web');
    assert.deepEqual(table(revs), [
      `3 ${image(3)} replicas=0 cause=v3`,
      `5 ${image(1)} replicas=0 cause=v1 history=1`,
      `6 ${image(2)} replicas=2 cause=v2 again history=2,4`,
    ]);
  });

  it('prunes old ReplicaSets beyond revisionHistoryLimit, lowest revisions first', async () => {
    await deployVersions(client, 'web', [1, 2, 3, 4, 5], { revisionHistoryLimit: 2 });
    const revs = await revisions(client, 'web');
    assert.deepEqual([...revs.keys()], [3, 4, 5]);
    assert.deepEqual([...revs.values()].map(imageOf), [image(3), image(4), image(5)]);
    const pods = await client.core.listNamespacedPod({ namespace });
    assert.ok(pods.items.every((p) => p.spec?.containers[0].image === image(5)));
  });

  it('treats a change of replicas as scaling, not as a new revision', async () => {
    await deployVersions(client, 'web', [1]);
    await client.apps.patchNamespacedDeployment({ name: 'web', namespace, body: { spec: { replicas: 5 } } }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    await completeRollout(client, 'web');
    const revs = await revisions(client, 'web');
    assert.deepEqual([...revs.keys()], [1]);
    assert.equal(revs.get(1)?.spec?.replicas, 5);
    assert.equal((await readDeployment(client, 'web')).status?.availableReplicas, 5);
  });

  it('fails the rollout of a missing image on its progress deadline while the old pods keep serving, and recovers when the image appears', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: image(1), changeCause: 'v1', progressDeadlineSeconds: 60 }) });
    await completeRollout(client, 'web');
    await setImage(client, 'web', 'registry.local/model:missing', 'broken');
    const took = await advanceUntil(client.kube, async () => condition(await readDeployment(client, 'web'), 'Progressing')?.reason === 'ProgressDeadlineExceeded');
    assert.ok(took > 60_000 && took <= 62_000, `deadline after ${took} ms`);
    const d = await readDeployment(client, 'web');
    const revs = await revisions(client, 'web');
    const progressing = condition(d, 'Progressing');
    assert.equal(progressing?.status, 'False');
    assert.equal(progressing?.message, `ReplicaSet "${revs.get(2)?.metadata?.name}" has timed out progressing.`);
    assert.equal(condition(d, 'Available')?.status, 'True', 'the old ReplicaSet still serves');
    assert.equal(d.status?.availableReplicas, 2);
    assert.equal(d.status?.updatedReplicas, 1);
    const failing = await client.core.listNamespacedPod({ namespace, labelSelector: `pod-template-hash=${revs.get(2)?.metadata?.labels?.['pod-template-hash']}` });
    assert.equal(failing.items[0].status?.containerStatuses?.[0].state?.waiting?.reason, 'ImagePullBackOff');

    client.kube.setImageAvailable('registry.local/model:missing');
    await completeRollout(client, 'web');
    assert.equal((await readDeployment(client, 'web')).status?.updatedReplicas, 2);
  });

  it('replaces every pod at once with the Recreate strategy: the new ReplicaSet waits for the old pods to go', async () => {
    const body = deployment({ name: 'web', image: image(1), replicas: 3 });
    body.spec!.strategy = { type: 'Recreate' };
    await client.apps.createNamespacedDeployment({ namespace, body });
    await completeRollout(client, 'web');
    const list = await client.apps.listNamespacedReplicaSet({ namespace });
    const recorder = WatchRecorder.start(client.config, '/apis/apps/v1/namespaces/default/replicasets', { resourceVersion: list.metadata?.resourceVersion });
    try {
      await setImage(client, 'web', image(2), 'v2');
      await completeRollout(client, 'web');
      const revs = await revisions(client, 'web');
      await recorder.until('the new ReplicaSet at 3', (events) => events.some((e) => e.name === revs.get(2)?.metadata?.name && (e.object as k8s.V1ReplicaSet).spec?.replicas === 3));
      // replay the ReplicaSets' sizes: never old and new pods wanted at the same time
      const sizes = new Map<string, number>();
      for (const event of recorder.events) {
        sizes.set(event.name ?? '', (event.object as k8s.V1ReplicaSet).spec?.replicas ?? 0);
        assert.ok([...sizes.values()].filter((n) => n > 0).length <= 1, [...sizes.entries()].join(' '));
      }
      assert.deepEqual(table(revs), [`1 ${image(1)} replicas=0 cause=undefined`, `2 ${image(2)} replicas=3 cause=v2`]);
    } finally {
      recorder.stop();
    }
  });

  it('deletes with Orphan propagation keeping the ReplicaSets and pods, and with Foreground removing them', async () => {
    await deployVersions(client, 'web', [1]);
    await client.apps.deleteNamespacedDeployment({ name: 'web', namespace, propagationPolicy: 'Orphan' });
    const orphans = await client.apps.listNamespacedReplicaSet({ namespace });
    assert.equal(orphans.items.length, 1);
    assert.equal(orphans.items[0].metadata?.ownerReferences, undefined, 'the owner reference is gone');
    assert.equal((await client.core.listNamespacedPod({ namespace })).items.length, 2);
    // a new Deployment with the same selector adopts the orphan (ClaimReplicaSets) instead of making another
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: image(1), changeCause: 'v1' }) });
    const adopted = await client.apps.listNamespacedReplicaSet({ namespace });
    assert.equal(adopted.items.length, 1);
    assert.equal(adopted.items[0].metadata?.ownerReferences?.[0].name, 'web');
    await client.apps.deleteNamespacedDeployment({ name: 'web', namespace, propagationPolicy: 'Foreground' });
    assert.equal((await client.apps.listNamespacedReplicaSet({ namespace })).items.length, 0);
    assert.equal((await client.core.listNamespacedPod({ namespace })).items.length, 0);
  });

  it('holds a paused Deployment\'s template change until it is resumed', async () => {
    await deployVersions(client, 'web', [1]);
    await client.apps.patchNamespacedDeployment({ name: 'web', namespace, body: { spec: { paused: true } } }, patchAs(k8s.PatchStrategy.MergePatch));
    await setImage(client, 'web', image(2), 'v2');
    await client.kube.advance(10_000);
    let d = await readDeployment(client, 'web');
    assert.equal(condition(d, 'Progressing')?.reason, 'DeploymentPaused');
    assert.equal(condition(d, 'Progressing')?.status, 'Unknown');
    assert.deepEqual([...(await revisions(client, 'web')).keys()], [1]);
    assert.equal(d.status?.observedGeneration, d.metadata?.generation);
    await client.apps.patchNamespacedDeployment({ name: 'web', namespace, body: { spec: { paused: false } } }, patchAs(k8s.PatchStrategy.MergePatch));
    await completeRollout(client, 'web');
    d = await readDeployment(client, 'web');
    assert.equal(d.metadata?.annotations?.[REVISION], '2');
    assert.equal(imageOf((await revisions(client, 'web')).get(2)), image(2));
  });
});

describe('fake Kubernetes cluster: on the real clock', function () {
  let client: KubeClient;

  beforeEach(async () => {
    client = await startWithClient({ clock: 'real', images: [image(1)] });
  });
  afterEach(async () => {
    await client.kube.stop();
  });

  it('rolls out on its own as time passes, and advance() still skips to a progress deadline', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: image(1), readinessDelaySeconds: 0 }) });
    await waitFor('the rollout to complete on the real clock', 20_000, async () => rolloutComplete(await readDeployment(client, 'web')), 20);
    await setImage(client, 'web', 'registry.local/model:missing', 'broken');
    assert.notEqual(condition(await readDeployment(client, 'web'), 'Progressing')?.reason, 'ProgressDeadlineExceeded');
    await client.kube.advance(602_000);
    await waitFor('the deadline to be noticed', 20_000, async () => condition(await readDeployment(client, 'web'), 'Progressing')?.reason === 'ProgressDeadlineExceeded', 20);
  });
});

describe('fake Kubernetes cluster: images from the real test registries', function () {
  let client: KubeClient;
  let host: string;
  let login: LoginRegistry;
  const repository = `fakekube-test/model-${process.pid}`;

  before(async () => {
    host = testRegistryHost();
    login = loginRegistry();
    await pushTinyImage(host, repository, 'v1');
    await pushTinyImage(login.host, repository, 'private', login);
  });
  beforeEach(async () => {
    client = await startWithClient({ registryUrl: `http://${host}`, registryUrls: [`http://${login.host}`] });
  });
  afterEach(async () => {
    await client.kube.stop();
  });

  it('runs a pushed image (with its digest) and fails one the registry does not have', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: `${host}/${repository}:v1`, progressDeadlineSeconds: 30 }) });
    await completeRollout(client, 'web');
    const pods = await client.core.listNamespacedPod({ namespace });
    assert.match(pods.items[0].status?.containerStatuses?.[0].imageID ?? '', new RegExp(`^${host}/${repository}@sha256:[0-9a-f]{64}$`));

    await setImage(client, 'web', `${host}/${repository}:not-pushed`, 'v2');
    await advanceUntil(client.kube, async () => condition(await readDeployment(client, 'web'), 'Progressing')?.reason === 'ProgressDeadlineExceeded');
    const events = await client.core.listNamespacedEvent({ namespace, fieldSelector: 'reason=Failed' });
    assert.ok(events.items.some((e) => e.message?.includes(`${host}/${repository}:not-pushed`) && e.message.includes('not found')), events.items.map((e) => e.message).join('\n'));
  });

  it('pulls from the registry that wants a login only with an image pull secret holding its credentials', async () => {
    const privateImage = `${login.host}/${repository}:private`;
    const body = deployment({ name: 'private', image: privateImage, progressDeadlineSeconds: 30 });
    await client.apps.createNamespacedDeployment({ namespace, body });
    await advanceUntil(client.kube, async () => condition(await readDeployment(client, 'private'), 'Progressing')?.reason === 'ProgressDeadlineExceeded');
    const refused = await client.core.listNamespacedEvent({ namespace, fieldSelector: 'reason=Failed' });
    assert.ok(refused.items.some((e) => e.message?.includes('401 Unauthorized')), refused.items.map((e) => e.message).join('\n'));

    const dockerConfig = (password: string) => JSON.stringify({ auths: { [login.host]: { auth: Buffer.from(`${login.username}:${password}`).toString('base64') } } });
    await client.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'wrong' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': dockerConfig('not-it') } } });
    const secret = await client.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'pull' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': dockerConfig(login.password) } } });
    assert.equal(secret.stringData, undefined, 'stringData is stored as data');
    assert.equal(Buffer.from(secret.data?.['.dockerconfigjson'] ?? '', 'base64').toString(), dockerConfig(login.password));

    await client.apps.patchNamespacedDeployment({ name: 'private', namespace, body: { spec: { template: { spec: { imagePullSecrets: [{ name: 'wrong' }] } } } } }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    await client.kube.advance(5_000);
    assert.equal((await readDeployment(client, 'private')).status?.availableReplicas ?? 0, 0, 'a wrong password pulls nothing');

    await client.apps.patchNamespacedDeployment({ name: 'private', namespace, body: { spec: { template: { spec: { imagePullSecrets: [{ name: 'pull' }] } } } } }, patchAs(k8s.PatchStrategy.MergePatch));
    await completeRollout(client, 'private');
    const pods = await client.core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/name=private' });
    assert.ok(pods.items.every((p) => p.status?.containerStatuses?.[0].ready), 'the pods with the right secret run');
    assert.match(pods.items[0].status?.containerStatuses?.[0].imageID ?? '', /@sha256:[0-9a-f]{64}$/);
  });
});
