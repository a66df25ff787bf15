import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { advanceUntil, deployment, readDeployment, rolloutComplete, startWithClient, type KubeClient } from './kubeClient';
import { getLoopback, listenOnLoopback } from '../../support/loopbackHttp';

// client-node's PortForward (WebSocket, v4.channel.k8s.io) through the fake's pods/portforward to a
// real local HTTP server that stands in for the model server of an image.

const namespace = 'default';
const IMAGE = 'registry.local/model:1';

describe('fake Kubernetes API server: port-forward', function () {
  let client: KubeClient;
  let model: http.Server;
  let local: net.Server;

  beforeEach(async () => {
    client = await startWithClient({ images: [IMAGE] });
    model = http.createServer((req, res) => res.end(req.url === '/ping' ? 'pong\n' : 'other\n'));
    client.kube.routePodPort(IMAGE, 8080, { host: '127.0.0.1', port: await listenOnLoopback(model) });
    await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: IMAGE, replicas: 1 }) });
    await advanceUntil(client.kube, async () => rolloutComplete(await readDeployment(client, 'web')));
  });
  afterEach(async () => {
    local?.close();
    model.close();
    await client.kube.stop();
  });

  async function podName(): Promise<string> {
    return (await client.core.listNamespacedPod({ namespace })).items[0].metadata!.name!;
  }

  it('carries HTTP requests to the routed container port, one WebSocket per connection', async () => {
    const forward = new k8s.PortForward(client.config);
    const pod = await podName();
    local = net.createServer((socket) => {
      void forward.portForward(namespace, pod, [8080], socket, null, socket);
    });
    const port = await listenOnLoopback(local);
    assert.deepEqual(await getLoopback(port, '/ping'), { status: 200, body: 'pong\n' });
    assert.deepEqual(await getLoopback(port, '/other'), { status: 200, body: 'other\n' });
    const upgrades = client.kube.requests().filter((r) => r.path === `/api/v1/namespaces/default/pods/${pod}/portforward`);
    assert.equal(upgrades.length, 2);
    assert.equal(upgrades[0].query.ports, '8080');
  });

  it('reports a port nothing listens on over the error channel, as the kubelet does', async () => {
    const forward = new k8s.PortForward(client.config);
    const errors = new PassThrough();
    let text = '';
    errors.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ws = await forward.portForward(namespace, await podName(), [9999], new PassThrough(), errors, new PassThrough());
    await new Promise<void>((resolve) => (ws as { on(event: 'close', cb: () => void): void }).on('close', () => resolve()));
    assert.match(text, /^an error occurred forwarding 9999 -> 9999: .*connection refused$/);
  });

  it('refuses a pod that does not exist', async () => {
    const forward = new k8s.PortForward(client.config);
    await assert.rejects(forward.portForward(namespace, 'nope', [8080], new PassThrough(), null, new PassThrough()));
    const refused = client.kube.requests().find((r) => r.path === '/api/v1/namespaces/default/pods/nope/portforward');
    assert.ok(refused, 'the upgrade request reached the fake');
  });
});
