import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { DeployError } from '../../../src/core/deploy/deployError';
import type { RolloutPolicy } from '../../../src/core/deploy/deploymentTarget';
import { openClusterAccess, type ClusterAccess } from '../../../src/core/deploy/kubernetes/clusterAccess';
import { callOptions } from '../../../src/core/deploy/kubernetes/kubeCall';
import { KubernetesTarget } from '../../../src/core/deploy/kubernetes/kubernetesTarget';
import { openPortForward } from '../../../src/core/deploy/kubernetes/podPortForward';
import { type FakeKube, startFakeKube } from '../../fakeKube/startFakeKube';
import { waitFor } from '../../support/waitFor';
import { KubernetesApiProxy } from './kubernetesApiProxy';
import { deployRejection } from './deployRejection';
import { getLoopback, listenOnLoopback } from '../../support/loopbackHttp';

// `kubectl port-forward svc/NAME` and Try a Request through it, on the API server fake: a real HTTP
// server in this test stands in for the model server of the deployed image (routePodPort).

const IMAGE = 'registry.local/iris:1';
const policy: RolloutPolicy = { healthTimeoutMs: 30_000, autoRollback: true, revisionHistoryLimit: 10 };
const call = () => ({ signal: AbortSignal.timeout(60_000), policy });
const signal = () => AbortSignal.timeout(30_000);

/** Whether something accepts connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('kubernetes port-forward on the API server fake', function () {
  this.timeout(120_000);
  let fake: FakeKube;
  let access: ClusterAccess;
  let target: KubernetesTarget;
  let model: http.Server;
  const seen: { method: string; url: string; body: string }[] = [];
  let counter = 0;
  const fresh = () => `pf-${process.pid}-${++counter}`;

  before(async () => {
    fake = await startFakeKube({ clock: 'real', images: [IMAGE] });
    model = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body });
        if (req.url === '/ping') res.end('\n');
        else res.writeHead(200, { 'content-type': 'application/json' }).end(`{"predictions": [${body.length}]}`);
      });
    });
    fake.routePodPort(IMAGE, 8080, { host: '127.0.0.1', port: await listenOnLoopback(model) });
    access = openClusterAccess({ kubeconfig: fake.kubeconfigPath, env: {} });
    target = new KubernetesTarget(access, { readinessDelaySeconds: 1 });
  });

  after(async () => {
    model?.close();
    await fake?.stop();
  });

  beforeEach(() => (seen.length = 0));

  async function podNames(name: string): Promise<string[]> {
    const pods = await access.core.listNamespacedPod({ namespace: access.namespace, labelSelector: `app.kubernetes.io/instance=${name}` }, callOptions(signal()));
    return pods.items.map((p) => p.metadata!.name!);
  }

  it('Try a Request reaches the pod through a port-forward opened for the call and closed after it', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGE, model: { name: 'iris', version: '1' } }, call());
    const from = fake.requests().length;
    const body = '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}';
    const answer = await target.invoke(name, body, { signal: signal(), timeoutMs: 5_000 });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, `{"predictions": [${body.length}]}`);
    assert.deepEqual(seen, [{ method: 'POST', url: '/invocations', body }]);
    const match = /^http:\/\/127\.0\.0\.1:(\d+)\/invocations$/.exec(answer.url);
    assert.ok(match, `answered through a local port-forward, not ${answer.url}`);
    const [pod] = await podNames(name);
    const upgrades = fake.requests().slice(from).filter((r) => r.path === `/api/v1/namespaces/default/pods/${pod}/portforward`);
    assert.ok(upgrades.length >= 1 && upgrades.every((r) => r.query.ports === '8080'), 'the service port was mapped to the container port 8080');
    assert.equal(fake.requests().slice(from).some((r) => r.path.includes('/proxy/')), false, 'the service proxy was not used');
    assert.equal(await accepts(Number(match[1])), false, 'the local port is closed after the call');
    await waitFor('the port-forward streams to close', 10_000, async () => fake.openPortForwards() === 0);
  });

  it('forwards every connection to a local port until closed, like kubectl port-forward svc/NAME', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGE, model: { name: 'iris', version: '2' } }, call());
    const forward = await openPortForward(access, name, { signal: signal() });
    try {
      assert.deepEqual(await podNames(name), [forward.pod]);
      assert.equal(forward.servicePort, 8080);
      assert.equal(forward.containerPort, 8080);
      assert.deepEqual(await getLoopback(forward.localPort, '/ping'), { status: 200, body: '\n' });
      assert.deepEqual(await getLoopback(forward.localPort, '/ping'), { status: 200, body: '\n' });
      assert.deepEqual(seen.map((r) => r.url), ['/ping', '/ping']);
      const inUse = await deployRejection(openPortForward(access, name, { localPort: forward.localPort, signal: signal() }));
      assert.equal(inUse.code, 'PORT_IN_USE');
      assert.match(inUse.message, new RegExp(`Local port ${forward.localPort} is in use`));
    } finally {
      await forward.close();
    }
    assert.equal(await accepts(forward.localPort), false);
  });

  it('says when a connection cannot be forwarded (the pod\'s port refuses it), and keeps listening', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGE, model: { name: 'iris', version: '8' } }, call());
    const errors: DeployError[] = [];
    const forward = await openPortForward(access, name, { signal: signal(), onConnectionError: (error) => errors.push(error) });
    const closed = net.createServer();
    const closedPort = await listenOnLoopback(closed);
    closed.close();
    fake.routePodPort(IMAGE, 8080, { host: '127.0.0.1', port: closedPort });
    try {
      await assert.rejects(getLoopback(forward.localPort, '/ping'));
      await waitFor('the forward to report the refusal', 10_000, async () => errors.length > 0);
      assert.match(errors[0].message, new RegExp(`^Could not port-forward to pod '${forward.pod}' \\(port 8080\\) of service '${name}': an error occurred forwarding 8080 -> 8080: .*ECONNREFUSED.* \\(context 'fake-kube', namespace 'default'\\)\\.$`));
      assert.equal(forward.lastError, errors[0]);
      fake.routePodPort(IMAGE, 8080, { host: '127.0.0.1', port: (model.address() as net.AddressInfo).port });
      assert.equal((await getLoopback(forward.localPort, '/ping')).status, 200);
    } finally {
      fake.routePodPort(IMAGE, 8080, { host: '127.0.0.1', port: (model.address() as net.AddressInfo).port });
      await forward.close();
    }
  });

  it('an aborted signal closes an open forward', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGE, model: { name: 'iris', version: '3' } }, call());
    const cancel = new AbortController();
    const forward = await openPortForward(access, name, { signal: cancel.signal });
    assert.equal((await getLoopback(forward.localPort, '/ping')).status, 200);
    cancel.abort();
    await waitFor('the local port to close', 10_000, async () => !(await accepts(forward.localPort)));
  });

  it('says when no pod is running and ready, naming the context, namespace and the pods it saw', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGE, model: { name: 'iris', version: '4' } }, call());
    await target.stop(name, { signal: signal() });
    await waitFor('the pods to go', 20_000, async () => (await podNames(name)).length === 0);
    const error = await deployRejection(openPortForward(access, name, { signal: signal() }));
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.message, `No pod of service '${name}' in namespace 'default' of context 'fake-kube' is running and ready to forward to (it has no pods). Deploy it or wait for its rollout.`);
    const missing = await deployRejection(openPortForward(access, 'no-such-service', { signal: signal() }));
    assert.equal(missing.code, 'NOT_FOUND');
    assert.match(missing.message, /no-such-service/);
  });

  it('during a rollout stuck on an image it cannot pull, forwards to the old ready pod, not the new pending one', async () => {
    const name = fresh();
    await target.deploy({ name, image: IMAGE, model: { name: 'iris', version: '6' } }, call());
    const [ready] = await podNames(name);
    const cancel = new AbortController();
    const rollout = target.deploy({ name, image: 'registry.local/iris:missing', model: { name: 'iris', version: '7' } }, { ...call(), signal: cancel.signal });
    rollout.catch(() => undefined);
    try {
      await waitFor('the new pod to be created', 20_000, async () => (await podNames(name)).length === 2);
      const forward = await openPortForward(access, name, { signal: signal() });
      try {
        assert.equal(forward.pod, ready);
        assert.equal((await getLoopback(forward.localPort, '/ping')).status, 200);
      } finally {
        await forward.close();
      }
    } finally {
      cancel.abort();
    }
  });

  it('falls back to the service proxy only when the cluster forbids port-forwarding (403)', async () => {
    const proxy = await KubernetesApiProxy.start(fake.url, fake.token, fake.namespace);
    try {
      const proxied = new KubernetesTarget(openClusterAccess({ kubeconfig: proxy.kubeconfigPath, env: {} }), { readinessDelaySeconds: 1 });
      const name = fresh();
      await proxied.deploy({ name, image: IMAGE, model: { name: 'iris', version: '5' } }, call());
      proxy.answerServiceProxy(() => ({ status: 200, body: '{"predictions": ["proxied"]}' }));
      const from = proxy.requests.length;
      const answer = await proxied.invoke(name, '{}', { signal: signal(), timeoutMs: 5_000 });
      assert.equal(answer.body, '{"predictions": ["proxied"]}');
      assert.equal(answer.url, `${proxy.url}/api/v1/namespaces/default/services/${name}:http/proxy/invocations`);
      assert.equal(proxy.since(from, 'GET', /\/pods\/[^/]+\/portforward\?ports=8080$/).length, 1, 'the port-forward was tried first');
      const forbidden = await deployRejection(openPortForward(proxied.access, name, { signal: signal() }));
      assert.equal(forbidden.code, 'FAILED');
      assert.match(forbidden.message, /forbids it \(403\).*pods\/portforward in namespace 'default' \(context 'proxied', namespace 'default'\)/);
      assert.deepEqual(seen, [], 'nothing reached the pod');
    } finally {
      await proxy.stop();
    }
  });
});
