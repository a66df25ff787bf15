import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { deployment, failure, patchAs, startWithClient, type KubeClient } from './kubeClient';
import { WatchRecorder } from './watchRecorder';

// The fake API server through the real @kubernetes/client-node 1.x: the kubeconfig, discovery,
// CRUD with the API server's errors, selectors, the three patch types, 409 on a stale
// resourceVersion, deletion with propagation, pod logs and events.

const namespace = 'default';

function pod(name: string, labels: Record<string, string>): k8s.V1Pod {
  return { metadata: { name, labels }, spec: { containers: [{ name: 'main', image: 'registry.local/app:1' }] } };
}

describe('fake Kubernetes API server with @kubernetes/client-node', function () {
  let client: KubeClient;

  beforeEach(async () => {
    client = await startWithClient({ images: ['registry.local/app:1', 'registry.local/app:2'] });
  });
  afterEach(async () => {
    await client.kube.stop();
  });

  it('is reached through its kubeconfig and serves version and discovery', async () => {
    assert.equal(client.config.getCurrentContext(), client.kube.contextName);
    assert.equal(client.config.getContextObject(client.kube.contextName)?.namespace, 'default');
    const version = await client.config.makeApiClient(k8s.VersionApi).getCode();
    assert.equal(version.major, '1');
    const groups = await client.config.makeApiClient(k8s.ApisApi).getAPIVersions();
    assert.ok(groups.groups.some((g) => g.name === 'apps'));
    const apps = await client.apps.getAPIResources();
    assert.deepEqual(apps.resources.filter((r) => !r.name.includes('/')).map((r) => r.name).sort(), ['deployments', 'replicasets']);
    const core = await client.core.getAPIResources();
    for (const name of ['pods', 'pods/log', 'services', 'events', 'namespaces']) assert.ok(core.resources.some((r) => r.name === name), name);
  });

  it('refuses a client without the token with 401', async () => {
    const config = new k8s.KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: client.kube.url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'wrong' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const error = await failure(config.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace }));
    assert.equal(error.code, 401);
  });

  it('creates, reads, lists and deletes with defaults, generation and the API errors', async () => {
    const created = await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    assert.equal(created.metadata?.generation, 1);
    assert.ok(created.metadata?.uid);
    assert.equal(created.spec?.revisionHistoryLimit, 10);
    assert.equal(created.spec?.progressDeadlineSeconds, 600);
    assert.equal(created.spec?.strategy?.type, 'RollingUpdate');
    const again = await failure(client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) }));
    assert.deepEqual(again, { code: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });
    const read = await client.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(read.metadata?.uid, created.metadata?.uid);
    const missing = await failure(client.apps.readNamespacedDeployment({ name: 'nope', namespace }));
    assert.deepEqual(missing, { code: 404, reason: 'NotFound', message: 'deployments.apps "nope" not found' });
    const bad = deployment({ name: 'bad', image: 'x' });
    bad.spec!.template.metadata!.labels = { other: 'label' };
    const invalid = await failure(client.apps.createNamespacedDeployment({ namespace, body: bad }));
    assert.equal(invalid.code, 422);
    assert.match(invalid.message ?? '', /`selector` does not match template `labels`/);

    const service = await client.core.createNamespacedService({ namespace, body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } } });
    assert.match(service.spec?.clusterIP ?? '', /^10\.96\./);
    assert.equal(service.spec?.type, 'ClusterIP');
    assert.deepEqual((await client.core.listNamespacedService({ namespace })).items.map((s) => s.metadata?.name), ['web']);
    await client.core.deleteNamespacedService({ name: 'web', namespace });
    assert.equal((await client.core.listNamespacedService({ namespace })).items.length, 0);
  });

  it('lists by label selector and field selector', async () => {
    await client.core.createNamespacedPod({ namespace, body: pod('a', { app: 'web', tier: 'front' }) });
    await client.core.createNamespacedPod({ namespace, body: pod('b', { app: 'web', tier: 'back' }) });
    await client.core.createNamespacedPod({ namespace, body: pod('c', { app: 'db' }) });
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (await client.core.listNamespacedPod({ namespace, labelSelector, fieldSelector })).items.map((p) => p.metadata?.name);
    assert.deepEqual(await names('app=web'), ['a', 'b']);
    assert.deepEqual(await names('app=web,tier!=front'), ['b']);
    assert.deepEqual(await names('app in (db,cache)'), ['c']);
    assert.deepEqual(await names('!tier'), ['c']);
    assert.deepEqual(await names('tier'), ['a', 'b']);
    assert.deepEqual(await names('tier notin (back)'), ['a', 'c']);
    assert.deepEqual(await names(undefined, 'metadata.name=b'), ['b']);
    const bad = await failure(client.core.listNamespacedPod({ namespace, fieldSelector: 'spec.unknown=x' }));
    assert.equal(bad.code, 400);
  });

  it('applies JSON, merge and strategic merge patches, bumping the generation only for spec changes', async () => {
    const body = deployment({ name: 'web', image: 'registry.local/app:1' });
    body.spec!.template.spec!.containers[0].env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
    body.spec!.template.spec!.containers.push({ name: 'sidecar', image: 'registry.local/app:1' });
    await client.apps.createNamespacedDeployment({ namespace, body });

    const json = await client.apps.patchNamespacedDeployment({
      name: 'web', namespace,
      body: [
        { op: 'test', path: '/spec/template/spec/containers/0/image', value: 'registry.local/app:1' },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'registry.local/app:2' },
      ],
    }, patchAs(k8s.PatchStrategy.JsonPatch));
    assert.equal(json.spec?.template.spec?.containers[0].image, 'registry.local/app:2');
    assert.equal(json.metadata?.generation, 2);
    const failedTest = await failure(client.apps.patchNamespacedDeployment({
      name: 'web', namespace, body: [{ op: 'test', path: '/spec/replicas', value: 99 }],
    }, patchAs(k8s.PatchStrategy.JsonPatch)));
    assert.equal(failedTest.code, 422);

    const merged = await client.apps.patchNamespacedDeployment({
      name: 'web', namespace, body: { metadata: { labels: { team: 'ml' } } },
    }, patchAs(k8s.PatchStrategy.MergePatch));
    assert.equal(merged.metadata?.labels?.team, 'ml');
    assert.equal(merged.metadata?.generation, 2, 'a label change is not a spec change');
    const unlabelled = await client.apps.patchNamespacedDeployment({
      name: 'web', namespace, body: { metadata: { labels: { team: null } } },
    }, patchAs(k8s.PatchStrategy.MergePatch));
    assert.equal(unlabelled.metadata?.labels?.team, undefined);

    // strategic: containers merge by name and env by name; a merge patch would replace the lists
    const strategic = await client.apps.patchNamespacedDeployment({
      name: 'web', namespace,
      body: { spec: { template: { spec: { containers: [{ name: 'model', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } } } },
    }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    const containers = strategic.spec?.template.spec?.containers ?? [];
    assert.deepEqual(containers.map((c) => c.name), ['model', 'sidecar']);
    assert.equal(containers[0].image, 'registry.local/app:2');
    assert.deepEqual(containers[0].env?.map((e) => ({ name: e.name, value: e.value })), [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    assert.equal(strategic.metadata?.generation, 3);
    const removed = await client.apps.patchNamespacedDeployment({
      name: 'web', namespace, body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
    }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    assert.deepEqual(removed.spec?.template.spec?.containers.map((c) => c.name), ['model']);
  });

  it('answers an update with a stale resourceVersion with 409 Conflict, and takes the retry', async () => {
    const created = await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    const stale = await client.apps.readNamespacedDeployment({ name: 'web', namespace });
    await client.apps.patchNamespacedDeployment({ name: 'web', namespace, body: { spec: { replicas: 3 } } }, patchAs(k8s.PatchStrategy.MergePatch));
    stale.spec!.template.spec!.containers[0].image = 'registry.local/app:2';
    const conflict = await failure(client.apps.replaceNamespacedDeployment({ name: 'web', namespace, body: stale }));
    assert.deepEqual(conflict, {
      code: 409, reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    const fresh = await client.apps.readNamespacedDeployment({ name: 'web', namespace });
    fresh.spec!.template.spec!.containers[0].image = 'registry.local/app:2';
    const replaced = await client.apps.replaceNamespacedDeployment({ name: 'web', namespace, body: fresh });
    assert.equal(replaced.spec?.template.spec?.containers[0].image, 'registry.local/app:2');
    assert.equal(replaced.spec?.replicas, 3);
    assert.notEqual(replaced.metadata?.resourceVersion, created.metadata?.resourceVersion);
    // a JSON patch with a test on the resourceVersion is the same precondition
    const testFailed = await failure(client.apps.patchNamespacedDeployment({
      name: 'web', namespace, body: [{ op: 'test', path: '/metadata/resourceVersion', value: stale.metadata?.resourceVersion }],
    }, patchAs(k8s.PatchStrategy.JsonPatch)));
    assert.equal(testFailed.code, 422);
  });

  it('lets a test put another writer between a read and an update: 409 Conflict, then the re-read update goes through', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    client.kube.writeAfterNextGet('Deployment', 'web');
    const read = await client.apps.readNamespacedDeployment({ name: 'web', namespace });
    read.spec!.template.spec!.containers[0].image = 'registry.local/app:2';
    const conflict = await failure(client.apps.replaceNamespacedDeployment({ name: 'web', namespace, body: read }));
    assert.equal(conflict.code, 409);
    assert.equal(conflict.reason, 'Conflict');
    assert.equal(client.kube.concurrentWrites(), 1);
    const again = await client.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(again.metadata?.labels?.['fakekube.test/concurrent-writes'], '1');
    again.spec!.template.spec!.containers[0].image = 'registry.local/app:2';
    const replaced = await client.apps.replaceNamespacedDeployment({ name: 'web', namespace, body: again });
    assert.equal(replaced.spec?.template.spec?.containers[0].image, 'registry.local/app:2');
    assert.equal(replaced.metadata?.generation, 2, 'the other writer\'s label did not count as a spec change');
  });

  it('records the requests it served, watches included', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    await client.apps.readNamespacedDeployment({ name: 'web', namespace });
    await failure(client.apps.readNamespacedDeployment({ name: 'nope', namespace }));
    const watch = WatchRecorder.start(client.config, '/apis/apps/v1/namespaces/default/deployments', { resourceVersion: '1' });
    await watch.until('the deployment', (events) => events.some((e) => e.name === 'web'));
    watch.stop();
    await watch.ended;
    const seen = client.kube.requests().map((r) => `${r.method} ${r.path} ${r.code}${r.query.watch ? ` watch=${r.query.watch}` : ''}`);
    assert.deepEqual(seen, [
      'POST /apis/apps/v1/namespaces/default/deployments 201',
      'GET /apis/apps/v1/namespaces/default/deployments/web 200',
      'GET /apis/apps/v1/namespaces/default/deployments/nope 404',
      'GET /apis/apps/v1/namespaces/default/deployments 200 watch=true',
    ]);
  });

  it('keeps namespaces apart, lists across them, and deletes a namespace with its contents', async () => {
    await client.core.createNamespace({ body: { metadata: { name: 'ml' } } });
    await client.apps.createNamespacedDeployment({ namespace: 'ml', body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:2' }) });
    const inMl = await client.apps.listNamespacedDeployment({ namespace: 'ml' });
    assert.deepEqual(inMl.items.map((d) => [d.metadata?.namespace, d.spec?.template.spec?.containers[0].image]), [['ml', 'registry.local/app:1']]);
    const all = await client.apps.listDeploymentForAllNamespaces();
    assert.deepEqual(all.items.map((d) => `${d.metadata?.namespace}/${d.metadata?.name}`), ['default/web', 'ml/web']);
    const missing = await failure(client.apps.createNamespacedDeployment({ namespace: 'nowhere', body: deployment({ name: 'web', image: 'x' }) }));
    assert.deepEqual([missing.code, missing.message], [404, 'namespaces "nowhere" not found']);
    await client.core.deleteNamespace({ name: 'ml' });
    assert.equal((await client.core.listNamespacedPod({ namespace: 'ml' })).items.length, 0);
    assert.equal((await failure(client.core.readNamespace({ name: 'ml' }))).code, 404);
    assert.equal((await client.core.listNamespacedPod({ namespace })).items.length, 2, 'the default namespace keeps its pods');
  });

  it('pages a list with limit and continue', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await client.core.createNamespacedPod({ namespace, body: pod(name, { app: 'x' }) });
    const first = await client.core.listNamespacedPod({ namespace, limit: 2 });
    assert.deepEqual(first.items.map((p) => p.metadata?.name), ['a', 'b']);
    assert.equal(first.metadata?.remainingItemCount, 3);
    const second = await client.core.listNamespacedPod({ namespace, limit: 2, _continue: first.metadata?._continue });
    assert.deepEqual(second.items.map((p) => p.metadata?.name), ['c', 'd']);
    const last = await client.core.listNamespacedPod({ namespace, limit: 2, _continue: second.metadata?._continue });
    assert.deepEqual(last.items.map((p) => p.metadata?.name), ['e']);
    assert.equal(last.metadata?._continue, undefined);
  });

  it('deletes a Deployment with its ReplicaSets and pods (background propagation)', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1', replicas: 2 }) });
    assert.equal((await client.apps.listNamespacedReplicaSet({ namespace })).items.length, 1);
    assert.equal((await client.core.listNamespacedPod({ namespace })).items.length, 2);
    await client.apps.deleteNamespacedDeployment({ name: 'web', namespace });
    assert.equal((await client.apps.listNamespacedReplicaSet({ namespace })).items.length, 0);
    assert.equal((await client.core.listNamespacedPod({ namespace })).items.length, 0);
  });

  it('serves pod logs with tailLines, and the kubelet refusal for a container that never started', async () => {
    await client.core.createNamespacedPod({ namespace, body: pod('ok', { app: 'x' }) });
    await client.core.createNamespacedPod({ namespace, body: { metadata: { name: 'stuck' }, spec: { containers: [{ name: 'main', image: 'registry.local/missing:1' }] } } });
    client.kube.appendLog('ok', 'line 1\nline 2\nline 3\n');
    const tail = await client.core.readNamespacedPodLog({ name: 'ok', namespace, tailLines: 2 });
    assert.equal(tail, 'line 2\nline 3\n');
    const stuck = await failure(client.core.readNamespacedPodLog({ name: 'stuck', namespace }));
    assert.equal(stuck.code, 400);
    assert.match(stuck.message ?? '', /is waiting to start: trying and failing to pull image/);
  });

  it('records events for the pods of a failing image, found by field selector', async () => {
    await client.core.createNamespacedPod({ namespace, body: { metadata: { name: 'stuck' }, spec: { containers: [{ name: 'main', image: 'registry.local/missing:1' }] } } });
    await client.kube.advance(2_000);
    const events = await client.core.listNamespacedEvent({ namespace, fieldSelector: 'involvedObject.name=stuck,type=Warning' });
    const messages = events.items.map((e) => e.message);
    assert.ok(messages.some((m) => m?.startsWith('Failed to pull image "registry.local/missing:1"')), messages.join('\n'));
    assert.ok(messages.includes('Error: ImagePullBackOff'), messages.join('\n'));
    const status = (await client.core.readNamespacedPod({ name: 'stuck', namespace })).status;
    assert.equal(status?.containerStatuses?.[0].state?.waiting?.reason, 'ImagePullBackOff');
  });
});
