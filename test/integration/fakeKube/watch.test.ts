import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { deployment, patchAs, setImage, startWithClient, type KubeClient } from './kubeClient';
import { waitFor } from '../../support/waitFor';
import { WatchRecorder } from './watchRecorder';

// Watches as client-node's Watch and informer see them: events in order from a resourceVersion,
// selector transitions, the end of a watch (timeout on the fake clock, a server restart) and the
// resume from the last resourceVersion seen, and 410 Expired once that version is compacted.

const namespace = 'default';
const deploymentsPath = '/apis/apps/v1/namespaces/default/deployments';

describe('fake Kubernetes API server: watches', function () {
  let client: KubeClient;
  const watches: WatchRecorder[] = [];
  const watch = (path: string, query: Record<string, string | number | boolean | undefined> = {}) => {
    const recorder = WatchRecorder.start(client.config, path, query);
    watches.push(recorder);
    return recorder;
  };

  beforeEach(async () => {
    client = await startWithClient({ images: ['registry.local/app:1', 'registry.local/app:2'] });
  });
  afterEach(async () => {
    for (const recorder of watches.splice(0)) recorder.stop();
    await client.kube.stop();
  });

  it('streams ADDED, MODIFIED and DELETED after the listed resourceVersion, in order', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'before', image: 'registry.local/app:1' }) });
    const list = await client.apps.listNamespacedDeployment({ namespace });
    const recorder = watch(deploymentsPath, { resourceVersion: list.metadata?.resourceVersion });
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    await client.apps.patchNamespacedDeployment({ name: 'web', namespace, body: { spec: { replicas: 3 } } }, patchAs(k8s.PatchStrategy.MergePatch));
    await client.apps.deleteNamespacedDeployment({ name: 'web', namespace });
    await recorder.until('the deletion', (events) => events.some((e) => e.type === 'DELETED'));
    const forWeb = recorder.events.filter((e) => e.name === 'web');
    assert.equal(forWeb[0].type, 'ADDED');
    assert.equal(forWeb[forWeb.length - 1].type, 'DELETED');
    assert.ok(forWeb.slice(1, -1).every((e) => e.type === 'MODIFIED') && forWeb.length > 2, recorder.summary().join(', '));
    assert.ok(!recorder.events.some((e) => e.name === 'before'), 'nothing from before the resourceVersion');
    const versions = recorder.events.map((e) => Number(e.resourceVersion));
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'resourceVersions only go up');
  });

  it('sends the current objects first when no resourceVersion is given, and honours the label selector', async () => {
    await client.core.createNamespacedPod({ namespace, body: { metadata: { name: 'a', labels: { app: 'web' } }, spec: { containers: [{ name: 'm', image: 'registry.local/app:1' }] } } });
    await client.core.createNamespacedPod({ namespace, body: { metadata: { name: 'b', labels: { app: 'db' } }, spec: { containers: [{ name: 'm', image: 'registry.local/app:1' }] } } });
    const recorder = watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=web' });
    await recorder.until('pod a', (events) => events.some((e) => e.name === 'a'));
    // a label change that takes a pod out of the selection arrives as DELETED
    await client.core.patchNamespacedPod({ name: 'a', namespace, body: { metadata: { labels: { app: 'other' } } } }, patchAs(k8s.PatchStrategy.MergePatch));
    await recorder.until('pod a leaving the selection', (events) => events.some((e) => e.type === 'DELETED'));
    assert.deepEqual(recorder.summary(), ['ADDED a', 'DELETED a']);
  });

  it('ends a watch at its timeoutSeconds on the fake clock, with a bookmark when asked', async () => {
    const recorder = watch(deploymentsPath, { timeoutSeconds: 60, allowWatchBookmarks: true });
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    await recorder.until('the deployment', (events) => events.some((e) => e.name === 'web'));
    await client.kube.advance(59_000);
    assert.equal(recorder.hasEnded, false);
    await client.kube.advance(1_000);
    assert.equal(await recorder.ended, null);
    assert.equal(recorder.events[recorder.events.length - 1].type, 'BOOKMARK');
    assert.equal(client.kube.openWatches(), 0);
  });

  it('resumes a watch that ended mid-rollout from the last resourceVersion without missing a change', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1', replicas: 2 }) });
    const list = await client.apps.listNamespacedDeployment({ namespace });
    const first = watch(deploymentsPath, { resourceVersion: list.metadata?.resourceVersion });
    await setImage(client, 'web', 'registry.local/app:2', 'v2');
    await first.until('the new generation', (events) => events.some((e) => e.type === 'MODIFIED'));
    client.kube.expireWatches();
    assert.equal(await first.ended, null);
    const resumeFrom = first.lastResourceVersion();
    // the rollout goes on while nobody watches
    await client.kube.advance(5_000);
    const latest = await client.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.notEqual(latest.metadata?.resourceVersion, resumeFrom);
    const second = watch(deploymentsPath, { resourceVersion: resumeFrom });
    await second.until('the latest state', (events) => events.some((e) => e.resourceVersion === latest.metadata?.resourceVersion));
    assert.ok(Number(second.events[0].resourceVersion) > Number(resumeFrom));
    assert.ok(second.events.every((e) => e.type === 'MODIFIED'), second.summary().join(', '));
  });

  it('answers a resume from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
    const old = (await client.apps.listNamespacedDeployment({ namespace })).metadata?.resourceVersion;
    await setImage(client, 'web', 'registry.local/app:2', 'v2');
    client.kube.compactHistory();
    const recorder = watch(deploymentsPath, { resourceVersion: old });
    await recorder.ended;
    assert.equal(recorder.events.length, 1);
    const error = recorder.events[0];
    assert.equal(error.type, 'ERROR');
    assert.equal(error.object.code, 410);
    assert.equal(error.object.reason, 'Expired');
    assert.match(error.object.message ?? '', new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
  });

  it('keeps client-node\'s informer in step across a server restart and a compaction (relist on 410)', async () => {
    let lists = 0;
    const informer = k8s.makeInformer(client.config, deploymentsPath, () => {
      lists++;
      return client.apps.listNamespacedDeployment({ namespace });
    });
    const errors: unknown[] = [];
    informer.on('error', (error) => errors.push(error));
    await informer.start();
    try {
      const image = (name: string) => informer.get(name, namespace)?.spec?.template.spec?.containers[0].image;
      await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: 'registry.local/app:1' }) });
      await waitFor('the informer to see web', 10_000, async () => image('web') !== undefined, 10);
      client.kube.expireWatches();
      await setImage(client, 'web', 'registry.local/app:2', 'v2');
      await waitFor('the informer to see v2 after re-watching', 10_000, async () => image('web') === 'registry.local/app:2', 10);
      assert.equal(lists, 1, 'a resumed watch needs no new list');
      // another resource moves the revision on; after a compaction the informer's version is too old
      await client.core.createNamespacedPod({ namespace, body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'm', image: 'registry.local/app:1' }] } } });
      client.kube.compactHistory();
      client.kube.expireWatches();
      await waitFor('the informer to list again after 410', 10_000, async () => lists === 2, 10);
      await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'api', image: 'registry.local/app:1' }) });
      await waitFor('the informer to see api', 10_000, async () => image('api') !== undefined, 10);
      assert.deepEqual(errors, []);
    } finally {
      await informer.stop();
    }
  });
});
