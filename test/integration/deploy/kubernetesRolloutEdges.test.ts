import * as assert from 'node:assert/strict';
import { PatchStrategy, type V1Pod } from '@kubernetes/client-node';
import type { LogLine, RolloutPolicy, RolloutStep } from '../../../src/core/deploy/deploymentTarget';
import { openClusterAccess, type ClusterAccess } from '../../../src/core/deploy/kubernetes/clusterAccess';
import { callOptions } from '../../../src/core/deploy/kubernetes/kubeCall';
import { KubernetesTarget } from '../../../src/core/deploy/kubernetes/kubernetesTarget';
import { type FakeKube, startFakeKube } from '../../fakeKube/startFakeKube';
import { waitFor } from '../../support/waitFor';
import { KubernetesApiProxy } from './kubernetesApiProxy';
import { deployRejection } from './deployRejection';

// What only the fake can stage: watches that end or expire mid-rollout, a 409 on update, a pod that
// runs but never turns ready and logs why, and the target's other operations against a cluster.

const IMAGES = { v1: 'registry.local/iris:1', v2: 'registry.local/iris:2', late: 'registry.local/iris:late', missing: 'registry.local/iris:missing' };
const model = (version: string) => ({ name: 'iris-classifier', version });
const policy: RolloutPolicy = { healthTimeoutMs: 30_000, autoRollback: true, revisionHistoryLimit: 10 };
const signal = () => ({ signal: AbortSignal.timeout(30_000) });

/** A rollout running in the background, and a promise for the moment it waits for the cluster. */
function startRollout<T>(run: (onProgress: (step: RolloutStep) => void) => Promise<T>): { done: Promise<T>; waiting: Promise<void>; steps: RolloutStep[] } {
  const steps: RolloutStep[] = [];
  let reached!: () => void;
  const waiting = new Promise<void>((resolve) => (reached = resolve));
  const done = run((step) => {
    steps.push(step);
    if (step.step === 'waitingHealthy') reached();
  });
  done.catch(() => undefined);
  return { done, waiting, steps };
}

describe('kubernetes target on the API server fake: watches, conflicts, failures and operations', function () {
  this.timeout(120_000);
  let fake: FakeKube;
  let proxy: KubernetesApiProxy;
  let access: ClusterAccess;
  let target: KubernetesTarget;
  let counter = 0;
  const fresh = () => `edge-${process.pid}-${++counter}`;
  const call = (onProgress?: (step: RolloutStep) => void, overrides: Partial<RolloutPolicy> = {}) => ({ signal: AbortSignal.timeout(100_000), policy: { ...policy, ...overrides }, onProgress });

  before(async () => {
    fake = await startFakeKube({ clock: 'real', images: [IMAGES.v1, IMAGES.v2] });
    proxy = await KubernetesApiProxy.start(fake.url, fake.token, fake.namespace);
    access = openClusterAccess({ kubeconfig: proxy.kubeconfigPath, env: {} });
    target = new KubernetesTarget(access, { readinessDelaySeconds: 1 });
  });

  after(async () => {
    await proxy?.stop();
    await fake?.stop();
  });

  async function podsOf(name: string): Promise<V1Pod[]> {
    return (await access.core.listNamespacedPod({ namespace: access.namespace, labelSelector: `app.kubernetes.io/instance=${name}` }, callOptions(AbortSignal.timeout(10_000)))).items;
  }

  it('resumes a watch that the server ends mid-rollout from the last resourceVersion, without listing again', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    const from = proxy.requests.length;
    const rollout = startRollout((onProgress) => target.deploy({ name, image: IMAGES.late, model: model('2') }, call(onProgress)));
    await rollout.waiting;
    const watchesBefore = proxy.since(from, 'GET', /deployments\?.*watch=true/).length;
    fake.expireWatches();
    await waitFor('the rollout watch to be resumed', 20_000, async () => proxy.since(from, 'GET', /deployments\?.*watch=true/).length > watchesBefore);
    const resumed = proxy.since(from, 'GET', /deployments\?.*watch=true/).at(-1)!;
    assert.match(resumed.url, /resourceVersion=\d+/);
    // the image appears only now: only the resumed watch can see the rollout complete
    fake.setImageAvailable(IMAGES.late);
    await fake.advance(11_000);
    const result = await rollout.done;
    assert.equal(result.revision.revision, 2);
    assert.equal(result.revision.image.reference, IMAGES.late);
    assert.equal(proxy.since(from, 'GET', /deployments\?fieldSelector=metadata.name%3D[^&]+$/).length, 1, 'one list for the whole rollout');
  });

  it('lists again when a dropped watch can only resume from a compacted resourceVersion (410 Expired)', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    fake.setImageAvailable(IMAGES.late, false);
    const from = proxy.requests.length;
    const rollout = startRollout((onProgress) => target.deploy({ name, image: IMAGES.late, model: model('2') }, call(onProgress)));
    await rollout.waiting;
    // a write the rollout watch does not see, then a compaction: its last resourceVersion is now too old
    await access.core.createNamespacedService({ namespace: access.namespace, body: { metadata: { name: `${name}-other` }, spec: { ports: [{ port: 80 }] } } }, callOptions(AbortSignal.timeout(10_000)));
    fake.compactHistory();
    proxy.dropWatches();
    const lists = () => proxy.since(from, 'GET', /deployments\?fieldSelector=metadata.name%3D[^&]+$/).length;
    await waitFor('the rollout to list the deployment again', 20_000, async () => lists() === 2);
    fake.setImageAvailable(IMAGES.late);
    await fake.advance(11_000);
    assert.equal((await rollout.done).revision.revision, 2);
  });

  it('retries an update that meets a 409 Conflict: reads the Deployment again and applies the change to it', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    const from = proxy.requests.length;
    proxy.conflictOnNextUpdate(name, 'test.mlops-studio.org/written-meanwhile');
    const result = await target.deploy({ name, image: IMAGES.v2, model: model('2') }, call());
    assert.equal(result.revision.revision, 2);
    const updates = proxy.since(from, 'PUT', new RegExp(`/deployments/${name}$`)).map((r) => r.status);
    assert.deepEqual(updates, [409, 200]);
    const stored = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace }, callOptions(AbortSignal.timeout(10_000)));
    assert.equal(stored.metadata?.annotations?.['test.mlops-studio.org/written-meanwhile'], 'written meanwhile');
    assert.equal(stored.spec?.template.spec?.containers[0].image, IMAGES.v2);
  });

  it('a pod that runs but never turns ready: the error carries its last log lines, and the previous revision serves again', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    const v1Pods = new Set((await podsOf(name)).map((p) => p.metadata?.name));
    const slow = new KubernetesTarget(access, { readinessDelaySeconds: 3_600 });
    const rollout = startRollout((onProgress) => slow.deploy({ name, image: IMAGES.v2, model: model('2') }, call(onProgress)));
    await rollout.waiting;
    let pod = '';
    await waitFor('the new revision\'s pod to start', 20_000, async () => {
      const started = (await podsOf(name)).find((p) => !v1Pods.has(p.metadata?.name) && p.status?.containerStatuses?.[0]?.state?.running);
      pod = started?.metadata?.name ?? '';
      return pod !== '';
    });
    fake.appendLog(pod, 'loading model from /opt/ml/model\nTraceback (most recent call last):\nModuleNotFoundError: No module named \'sklearn\'\n');
    await fake.advance(32_000);
    const error = await deployRejection(rollout.done);
    assert.deepEqual(error.logTail, ['loading model from /opt/ml/model', 'Traceback (most recent call last):', 'ModuleNotFoundError: No module named \'sklearn\'']);
    assert.match(error.message, new RegExp(`Pod ${pod} logged: ModuleNotFoundError: No module named 'sklearn'`));
    assert.match(error.message, /rolled back automatically: revision 3 \(the spec of revision 1\) serves again/);
  });

  it('with automatic rollback off, a failed revision is left as it is and the old pods keep serving', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    const rollout = startRollout((onProgress) => target.deploy({ name, image: IMAGES.missing, model: model('2') }, call(onProgress, { autoRollback: false })));
    await rollout.waiting;
    await fake.advance(32_000);
    const error = await deployRejection(rollout.done);
    assert.match(error.message, /revision 2 is left as it is for inspection \(automatic rollback is off\)/);
    const history = await target.history(name, signal());
    assert.deepEqual(history.revisions.map((r) => `${r.revision}${r.current ? '*' : ''} ${r.status}${r.served ? '' : ' failed'}`), ['2* unhealthy failed', '1 healthy']);
    const back = await target.rollback(name, undefined, call());
    assert.equal(back.revision.revision, 3);
    assert.equal(back.revision.image.reference, IMAGES.v1);
  });

  it('a first deployment that fails is scaled to zero: nothing served before', async () => {
    const name = fresh();
    const rollout = startRollout((onProgress) => target.deploy({ name, image: IMAGES.missing, model: model('1') }, call(onProgress)));
    await rollout.waiting;
    await fake.advance(32_000);
    const error = await deployRejection(rollout.done);
    assert.match(error.message, /Nothing served before, so it was scaled to zero/);
    const stored = await access.apps.readNamespacedDeployment({ name, namespace: access.namespace }, callOptions(AbortSignal.timeout(10_000)));
    assert.equal(stored.spec?.replicas, 0);
  });

  it('refuses to roll back a paused deployment with kubectl\'s message', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    await target.deploy({ name, image: IMAGES.v2, model: model('2') }, call());
    await access.apps.patchNamespacedDeployment({ name, namespace: access.namespace, body: { spec: { paused: true } } }, callOptions(AbortSignal.timeout(10_000), PatchStrategy.MergePatch));
    const error = await deployRejection(target.rollback(name, undefined, call()));
    assert.equal(error.message, `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`);
  });

  it('lists, watches, shows logs, stops and removes deployments', async () => {
    const name = fresh();
    let changes = 0;
    const subscription = target.watch(() => changes++, (error) => assert.fail(`the watch failed: ${String(error)}`));
    try {
      await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
      await waitFor('the watch to report the new deployment', 10_000, async () => changes > 0);
    } finally {
      subscription.dispose();
    }
    const [podSummary] = await target.pods(name, signal());
    assert.deepEqual([podSummary.revision, podSummary.ready, podSummary.restarts, podSummary.status], [1, '1/1', 0, 'Running']);
    const events = await target.events(name, signal());
    assert.ok(events.some((e) => e.reason === 'ScalingReplicaSet' && e.object === `Deployment/${name}`), JSON.stringify(events));
    assert.ok(events.some((e) => e.reason === 'Pulled' && e.object === `Pod/${podSummary.name}`), JSON.stringify(events));
    const listed = (await target.list(signal())).find((d) => d.name === name);
    assert.equal(listed?.current?.revision, 1);
    assert.equal(listed?.current?.port, 8080);

    const [pod] = await podsOf(name);
    fake.appendLog(pod.metadata!.name!, 'first line\nsecond line\n');
    const lines: LogLine[] = [];
    await target.logs(name, { ...signal(), tail: 1, follow: false, onLine: (line) => lines.push(line) });
    assert.deepEqual(lines, [{ stream: 'stdout', text: 'second line' }]);
    const followed: string[] = [];
    const follow = new AbortController();
    const following = target.logs(name, { signal: follow.signal, tail: 0, follow: true, onLine: (line) => followed.push(line.text) });
    following.catch(() => undefined);
    await waitFor('the follow to start', 10_000, async () => {
      fake.appendLog(pod.metadata!.name!, 'while following\n');
      return followed.includes('while following');
    });
    follow.abort();
    await assert.rejects(following, { name: 'AbortError' });

    await target.stop(name, signal());
    await waitFor('the deployment to scale to zero', 20_000, async () => (await target.history(name, signal())).revisions[0].status === 'stopped');
    const notServing = await deployRejection(target.invoke(name, '{}', { ...signal(), timeoutMs: 5_000 }));
    assert.equal(notServing.code, 'NOT_FOUND');

    await target.remove(name, signal());
    assert.equal((await deployRejection(target.history(name, signal()))).code, 'NOT_FOUND');
    assert.ok(!(await target.list(signal())).some((d) => d.name === name));
  });

  it('calls the Service through the API server\'s service proxy', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    const seen: { path: string; body: string }[] = [];
    proxy.answerServiceProxy((path, body) => {
      seen.push({ path, body });
      return { status: 200, body: '{"predictions": [1]}' };
    });
    const answer = await target.invoke(name, '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}', { ...signal(), timeoutMs: 5_000 });
    assert.deepEqual(seen, [{ path: `/api/v1/namespaces/default/services/${name}:http/proxy/invocations`, body: '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}' }]);
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '{"predictions": [1]}');
    assert.equal(answer.url, `${proxy.url}/api/v1/namespaces/default/services/${name}:http/proxy/invocations`);
  });

  it('a cancelled rollout stops waiting at once and leaves no watch open', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGES.v1, model: model('1') }, call());
    const cancel = new AbortController();
    const rollout = startRollout((onProgress) => target.deploy({ name, image: IMAGES.missing, model: model('2') }, { ...call(onProgress), signal: cancel.signal }));
    await rollout.waiting;
    await waitFor('the rollout to watch its deployment', 10_000, async () => fake.openWatches() === 1);
    cancel.abort();
    await assert.rejects(rollout.done, { name: 'AbortError' });
    await waitFor('the rollout watch to close', 10_000, async () => fake.openWatches() === 0);
  });

  it('says when the cluster cannot be reached, and which context and server it tried', async () => {
    await proxy.stop();
    const error = await deployRejection(target.check(signal()));
    assert.equal(error.code, 'TARGET_UNAVAILABLE');
    assert.match(error.message, /context 'proxied' \(http:\/\/127\.0\.0\.1:\d+\), namespace 'default' cannot be reached/);
    assert.equal(target.location, 'proxied/default');
    proxy = await KubernetesApiProxy.start(fake.url, fake.token, fake.namespace);
  });
});
