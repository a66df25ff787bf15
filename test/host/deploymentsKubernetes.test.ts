import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectDockerEngine, pushImage, registryAuthFor } from '../../src/core/build';
import type { InvocationResult, RolloutResult } from '../../src/core/deploy/deploymentTarget';
import type { DeploymentLogTerminal } from '../../src/features/deployments/deploymentLogTerminal';
import type { DeploymentsFeature } from '../../src/features/deployments/deploymentsFeature';
import type { OpenForward } from '../../src/features/deployments/portForwardCommands';
import type { DeploymentNode, DeploymentsNode, EventNode, MessageNode, PodNode, RevisionNode, TargetNode } from '../../src/features/deployments/deploymentsNodes';
import type { ModelsFeature } from '../../src/features/models/modelsFeature';
import type { ModelVersionNode } from '../../src/features/models/modelsNodes';
import { type FakeKube, startFakeKube } from '../fakeKube/startFakeKube';
import { type DockerTestEnv, dockerTestEnv } from '../integration/deploy/dockerTestEnv';
import { KubernetesApiProxy } from '../integration/deploy/kubernetesApiProxy';
import { scoringImage } from '../integration/deploy/scoringImages';
import { waitFor } from '../support/waitFor';
import { mlopsApi } from './hostApi';
import { testRegistry } from './hostWorkspace';
import { itemText, labModelVersion } from './deploymentsViewParts';

// The Deployments view on a cluster: the API server fake runs here, in the extension host's own
// process, on a manual clock the tests move; its kubelet pulls from the real test registry.

const NAME = `kube${process.pid}-iris`;
const MODEL = 'iris-classifier';
// what the readiness probe's delay, the old pod's termination grace and the controllers need; short of the 60 s progress deadline
const ROLLOUT_MS = 40_000;

type Stubbed = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage' | 'showInputBox' | 'showQuickPick';

/** Replaces one `vscode.window` function until `restore` runs; the extension shares this API object with the tests. */
function stubWindow(name: Stubbed, stub: (...args: unknown[]) => unknown): { restore: () => void } {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window[name];
  window[name] = stub;
  return { restore: () => (window[name] = original) };
}

interface Asked {
  confirmations: { question: string; detail: string }[];
  inputs: { title: string; prompt: string }[];
  picks: { title: string; labels: string[]; descriptions: string[] }[];
  errors: string[];
  warnings: string[];
}

/**
 * Runs `work` with the user's answers: `confirm` for modal confirmations, `typed` for input boxes
 * (in order), `pick` chooses a QuickPick item by its label.
 */
async function answering<T>(answers: { confirm?: string; typed?: (string | undefined)[]; pick?: (labels: string[]) => string | undefined }, work: () => Thenable<T>): Promise<{ result: T } & Asked> {
  const asked: Asked = { confirmations: [], inputs: [], picks: [], errors: [], warnings: [] };
  const typed = [...(answers.typed ?? [])];
  const stubs = [
    stubWindow('showWarningMessage', async (text, options) => {
      const { modal, detail } = (options ?? {}) as vscode.MessageOptions;
      if (!modal) {
        asked.warnings.push(String(text));
        return undefined;
      }
      asked.confirmations.push({ question: String(text), detail: detail ?? '' });
      return answers.confirm;
    }),
    stubWindow('showErrorMessage', async (text) => {
      asked.errors.push(String(text));
      return undefined;
    }),
    stubWindow('showInformationMessage', async () => undefined),
    stubWindow('showInputBox', async (options) => {
      const { title, prompt, validateInput } = (options ?? {}) as vscode.InputBoxOptions;
      asked.inputs.push({ title: title ?? '', prompt: prompt ?? '' });
      const value = typed.shift();
      // as the real box: a value its validation refuses cannot be accepted, only cancelled
      if (value !== undefined && validateInput && (await validateInput(value))) return undefined;
      return value;
    }),
    stubWindow('showQuickPick', async (items, options) => {
      const list = (await items) as vscode.QuickPickItem[];
      const labels = list.map((i) => i.label);
      asked.picks.push({ title: (options as vscode.QuickPickOptions | undefined)?.title ?? '', labels, descriptions: list.map((i) => i.description ?? '') });
      // "Where to deploy?" when the engine and the cluster are both there: the cluster
      const label = labels.includes('Kubernetes cluster') ? 'Kubernetes cluster' : answers.pick?.(labels);
      return list.find((i) => i.label === label);
    }),
  ];
  try {
    return { result: await work(), ...asked };
  } finally {
    for (const stub of stubs) stub.restore();
  }
}

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

const modelVersion = (models: ModelsFeature, version: string): Promise<ModelVersionNode> => labModelVersion(models, MODEL, version);
const item = itemText;

async function clusterNode(deployments: DeploymentsFeature): Promise<TargetNode | undefined> {
  return (await deployments.tree.getChildren()).find((n): n is TargetNode => n.kind === 'target' && n.target.kind === 'kubernetes');
}

async function requireDeployment(deployments: DeploymentsFeature, name = NAME): Promise<DeploymentNode> {
  const target = await clusterNode(deployments);
  assert.ok(target, 'the Deployments view shows no cluster');
  const found = (await deployments.tree.getChildren(target)).find((n): n is DeploymentNode => n.kind === 'deployment' && n.deployment.name === name);
  assert.ok(found, `the cluster shows no ${name}`);
  return found;
}

/** "Revision 2 | current · iris-classifier v2 · healthy | <image>" without the age. */
async function revisionRows(deployments: DeploymentsFeature): Promise<string[]> {
  const children = await deployments.tree.getChildren(await requireDeployment(deployments));
  return children.filter((n): n is RevisionNode => n.kind === 'revision').map((node) => {
    const { label, description } = item(deployments, node);
    const parts = description.split(' · ');
    const current = parts[0] === 'current' ? 1 : 0;
    // model, status, age, image, change cause
    return `${label} | ${[...parts.slice(0, current + 2), parts[current + 3]].join(' · ')}`;
  });
}

async function group(deployments: DeploymentsFeature, kind: 'pods' | 'events'): Promise<DeploymentsNode[]> {
  const node = (await deployments.tree.getChildren(await requireDeployment(deployments))).find((n) => n.kind === kind);
  assert.ok(node, `no ${kind} under ${NAME}`);
  return deployments.tree.getChildren(node);
}

describe('Deployments view: a Kubernetes cluster', function () {
  this.timeout(180_000);
  let deployments: DeploymentsFeature;
  let models: ModelsFeature;
  let env: DockerTestEnv;
  let kube: FakeKube;
  let registry: string;
  const images: Record<string, string> = {};
  const config = () => vscode.workspace.getConfiguration('mlops');
  let stopped = false;
  const stopKube = async () => {
    if (!kube || stopped) return;
    stopped = true;
    await kube.stop();
  };

  /**
   * Rolls out what `work` writes: each time the command writes the Deployment (its change, or an
   * automatic rollback), the cluster's time passes by the next of `advances`, then by ROLLOUT_MS.
   */
  async function rollingOut<T>(work: () => Thenable<T>, advances: number[] = []): Promise<T> {
    let from = kube.requests().length;
    let settled = false;
    const running = Promise.resolve(work()).finally(() => (settled = true));
    const written = () => kube.requests().slice(from).some((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && /\/apis\/apps\/v1\/namespaces\/default\/deployments/.test(r.path));
    for (const ms of [...advances, ROLLOUT_MS, ROLLOUT_MS]) {
      await waitFor('the command to write the Deployment, or end', 60_000, async () => settled || written());
      if (settled) break;
      from = kube.requests().length;
      await kube.advance(ms);
    }
    return running;
  }

  /** The fake's ReplicaSets of the deployment: revision number, revision-history and image. */
  async function replicaSets(): Promise<string[]> {
    const answer = await fetch(`${kube.url}/apis/apps/v1/namespaces/default/replicasets?labelSelector=${encodeURIComponent(`app.kubernetes.io/instance=${NAME}`)}`, { headers: { authorization: `Bearer ${kube.token}` } });
    const list = (await answer.json()) as { items: { metadata: { annotations?: Record<string, string> }; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }[] };
    return list.items
      .map((rs) => {
        const annotations = rs.metadata.annotations ?? {};
        const history = annotations['deployment.kubernetes.io/revision-history'];
        return `${annotations['deployment.kubernetes.io/revision']}${history ? ` (was ${history})` : ''} ${rs.spec.template.spec.containers[0].image} x${rs.spec.replicas}`;
      })
      .sort();
  }

  before(async () => {
    ({ deployments, models } = await mlopsApi());
    env = await dockerTestEnv();
    registry = `${testRegistry()}/mlops-host-kube`;
    const engine = connectDockerEngine({ setting: env.host.uri, env: process.env });
    // images of the model versions, pushed to the real registry the fake's kubelet pulls from
    for (const version of ['1', '2']) {
      const id = await scoringImage(env.docker, env.busyboxImage, { version: `v${version}`, model: { name: MODEL, version } });
      images[`v${version}`] = `${registry}/${MODEL}:${version}`;
      await env.docker.getImage(id).tag({ repo: `${registry}/${MODEL}`, tag: version });
      await pushImage({ engine, reference: images[`v${version}`], auth: registryAuthFor(testRegistry(), { env: {}, homeDir: '/nonexistent' }), signal: AbortSignal.timeout(60_000) });
    }
    kube = await startFakeKube({ registryUrl: `http://${testRegistry()}` });
    await config().update('build.registry', registry, vscode.ConfigurationTarget.Workspace);
    await config().update('kubernetes.kubeconfig', kube.kubeconfigPath, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('mlops.deployments.focus');
    await waitFor('the Deployments view to be visible', 10_000, async () => deployments.view.visible);
  });

  after(async () => {
    await config().update('kubernetes.kubeconfig', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('kubernetes.context', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('kubernetes.namespace', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('kubernetes.protectedContexts', undefined, vscode.ConfigurationTarget.Global);
    await config().update('build.registry', undefined, vscode.ConfigurationTarget.Workspace);
    await stopKube();
  });

  it('shows the cluster (context / namespace) once a kubeconfig is set, with nothing deployed yet', async () => {
    await waitFor('the cluster in the view', 10_000, async () => (await clusterNode(deployments)) !== undefined);
    const target = await clusterNode(deployments);
    assert.ok(target);
    assert.deepEqual(Object.values(item(deployments, target)), ['Kubernetes cluster', 'fake-kube/default', 'deploymentTarget.kubernetes']);
    const children = (await deployments.tree.getChildren(target)) as MessageNode[];
    assert.deepEqual(children.map((n) => n.text), ['No deployments yet']);
  });

  it('refuses an image the cluster cannot pull, before asking anything', async () => {
    const v1 = await modelVersion(models, '1');
    const { result, confirmations, errors } = await answering({ confirm: 'Deploy' }, () =>
      vscode.commands.executeCommand('mlops.deployments.deploy', v1, { name: NAME, image: `${MODEL}:1` }),
    );
    assert.equal(result, undefined);
    assert.deepEqual(confirmations, []);
    assert.match(errors[0] ?? '', /^Deploy Model Version failed: iris-classifier:1 names no registry .*, so the cluster's nodes cannot pull it\./);
    assert.deepEqual(await replicaSets(), []);
  });

  it('deploys v1 picked among the images pushed to mlops.build.registry, after a confirmation that names context and namespace', async () => {
    const v1 = await modelVersion(models, '1');
    const { result, confirmations, picks, errors } = await rollingOut(() =>
      answering({ confirm: 'Deploy', pick: (labels) => labels.find((l) => l === images.v1) }, () =>
        vscode.commands.executeCommand<RolloutResult>('mlops.deployments.deploy', v1, { name: NAME }),
      ),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(picks.map((p) => p.title), [`Where to deploy ${MODEL} v1?`, `Deploy ${MODEL} v1 to a cluster: which image?`]);
    assert.deepEqual(picks[1].labels, [images.v1, `$(tools) Build and push to ${registry}`], 'the pushed image of v1 and a build; no local-only image');
    assert.equal(confirmations.length, 1);
    assert.equal(confirmations[0].question, `Deploy ${MODEL} v1 as revision 1 of '${NAME}' on the Kubernetes cluster of context 'fake-kube' (${kube.url}), namespace 'default'? It serves on port 8080 once it answers its health check.`);
    assert.match(confirmations[0].detail, new RegExp(`^Image: ${images.v1.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`));
    assert.equal(result.revision.revision, 1);
    assert.deepEqual(await replicaSets(), [`1 ${images.v1} x1`]);
  });

  it('deploys v2; the view shows its revisions (current marked, image), its pods and recent events', async () => {
    const v2 = await modelVersion(models, '2');
    const { result, errors } = await rollingOut(() =>
      answering({ confirm: 'Deploy' }, () => vscode.commands.executeCommand<RolloutResult>('mlops.deployments.deploy', v2, { name: NAME, image: images.v2 })),
    );
    assert.deepEqual(errors, []);
    assert.equal(result.revision.revision, 2);
    const deployment = item(deployments, await requireDeployment(deployments));
    assert.equal(deployment.description, `${MODEL} v2 · healthy · :8080`);
    assert.equal(deployment.contextValue, 'deployment.kubernetes.running');
    assert.deepEqual(await revisionRows(deployments), [
      `Revision 2 | current · ${MODEL} v2 · healthy · ${images.v2}`,
      `Revision 1 | ${MODEL} v1 · stopped · ${images.v1}`,
    ]);
    const pods = (await group(deployments, 'pods')) as PodNode[];
    assert.deepEqual(pods.map((p) => p.kind), ['pod']);
    assert.match(item(deployments, pods[0]).description, /^1\/1 ready · 0 restarts · Running · revision 2 · /);
    assert.equal(item(deployments, pods[0]).contextValue, 'deploymentPod.kubernetes');
    const events = (await group(deployments, 'events')) as EventNode[];
    assert.ok(events.some((e) => item(deployments, e).label === 'Normal ScalingReplicaSet' && item(deployments, e).description.startsWith(`Deployment/${NAME}: Scaled up replica set`)), JSON.stringify(events.map((e) => item(deployments, e))));
  });

  it('follows the log of one pod in a terminal', async () => {
    const [pod] = (await group(deployments, 'pods')) as PodNode[];
    const follower = await vscode.commands.executeCommand<DeploymentLogTerminal>('mlops.deployments.followLogs', pod);
    try {
      assert.equal(follower.terminal.name, `Log: ${NAME} pod ${pod.pod.name}`);
      await waitFor('the line in the followed log', 10_000, async () => {
        kube.appendLog(pod.pod.name, `served by ${pod.pod.name}\n`);
        return follower.lines.some((l) => l.text === `served by ${pod.pod.name}`);
      });
    } finally {
      follower.dispose();
    }
    await follower.ended;
  });

  it('port-forwards the service to a local port: /ping answers from the pod, Stop closes the port', async () => {
    // the fake runs no containers: this server is what the pod's port 8080 answers with
    const server = http.createServer((req, res) => res.writeHead(req.url === '/ping' ? 200 : 404).end(`pod answers ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    kube.routePodPort(images.v2, 8080, { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    try {
      const node = await requireDeployment(deployments);
      assert.equal(item(deployments, node).contextValue, 'deployment.kubernetes.running');
      const { result: forward, inputs, errors } = await answering({ typed: ['0'] }, () => vscode.commands.executeCommand<OpenForward | undefined>('mlops.deployments.portForward', node));
      assert.deepEqual(errors, []);
      assert.ok(forward, 'the forward opened');
      assert.deepEqual(inputs.map((i) => i.title), [`Port-forward '${NAME}' (service port 8080): local port on 127.0.0.1`]);
      const [pod] = (await group(deployments, 'pods')) as PodNode[];
      assert.equal(forward.pod, pod.pod.name);
      const answer = await fetch(`http://127.0.0.1:${forward.localPort}/ping`);
      assert.equal(answer.status, 200);
      assert.equal(await answer.text(), 'pod answers /ping');
      assert.ok(kube.requests().some((r) => r.path === `/api/v1/namespaces/default/pods/${pod.pod.name}/portforward` && r.query.ports === '8080'));
      const stopped = await vscode.commands.executeCommand<OpenForward | undefined>('mlops.deployments.stopPortForward', forward.localPort);
      assert.equal(stopped?.localPort, forward.localPort);
      assert.equal(await accepts(forward.localPort), false, 'the local port is closed once stopped');
    } finally {
      server.close();
    }
  });

  it('rolls back to revision 1 from its item: the cluster adopts v1\'s ReplicaSet as revision 3', async () => {
    const revisionOne = (await deployments.tree.getChildren(await requireDeployment(deployments))).find((n): n is RevisionNode => n.kind === 'revision' && n.revision.revision === 1);
    assert.ok(revisionOne);
    assert.equal(item(deployments, revisionOne).contextValue, 'deploymentRevision.kubernetes.served');
    const { result, confirmations, inputs } = await rollingOut(() => answering({ confirm: 'Roll Back' }, () => vscode.commands.executeCommand<RolloutResult>('mlops.deployments.rollback', revisionOne)));
    assert.deepEqual(inputs, [], 'no typed confirmation outside protected contexts');
    assert.equal(confirmations[0].question, `Roll back '${NAME}' on the Kubernetes cluster of context 'fake-kube' (${kube.url}), namespace 'default' to revision 1 (v1)? It is deployed again as revision 3. Revision 2 (v2) keeps serving until it is healthy.`);
    assert.equal(result.revision.revision, 3);
    assert.deepEqual(await replicaSets(), [`2 ${images.v2} x0`, `3 (was 1) ${images.v1} x1`]);
    assert.deepEqual(await revisionRows(deployments), [
      `Revision 3 | current · ${MODEL} v1 · healthy · ${images.v1}`,
      `Revision 2 | ${MODEL} v2 · stopped · ${images.v2}`,
    ]);
  });

  it('in a protected context asks for the namespace typed: a wrong text changes nothing, the namespace rolls back', async () => {
    await config().update('kubernetes.protectedContexts', ['fake-*'], vscode.ConfigurationTarget.Global);
    const rollbackPrevious = async () => vscode.commands.executeCommand<RolloutResult | undefined>('mlops.deployments.rollbackPrevious', await requireDeployment(deployments));
    const wrong = await rollingOut(() => answering({ confirm: 'Roll Back', typed: ['production'] }, rollbackPrevious));
    assert.equal(wrong.result, undefined);
    assert.equal(wrong.inputs.length, 1);
    assert.equal(wrong.inputs[0].prompt, `Context 'fake-kube' is protected (mlops.kubernetes.protectedContexts: "fake-*"). Type the namespace 'default' to roll '${NAME}' back to revision 2.`);
    const cancelled = await rollingOut(() => answering({ confirm: 'Roll Back', typed: [undefined] }, rollbackPrevious));
    assert.equal(cancelled.result, undefined);
    assert.deepEqual(await replicaSets(), [`2 ${images.v2} x0`, `3 (was 1) ${images.v1} x1`], 'nothing changed');

    const right = await rollingOut(() => answering({ confirm: 'Roll Back', typed: ['default'] }, rollbackPrevious));
    assert.match(right.confirmations[0].question, /context 'fake-kube' .*namespace 'default' to revision 2 \(v2\)\?/);
    assert.equal(right.result?.revision.revision, 4);
    assert.deepEqual(await replicaSets(), [`3 (was 1) ${images.v1} x0`, `4 (was 2) ${images.v2} x1`]);
  });

  it('shows a rollout stuck on an image it cannot pull (pod backing off, warnings first), then its automatic rollback on the progress deadline', async () => {
    const missing = `${registry}/${MODEL}:missing`;
    const v1 = await modelVersion(models, '1');
    const deploymentWrites = (from: number) => kube.requests().slice(from).filter((r) => ['PUT', 'PATCH'].includes(r.method) && r.path.endsWith(`/deployments/${NAME}`)).length;
    let from = kube.requests().length;
    const running = answering({ confirm: 'Deploy', typed: ['default'] }, () => vscode.commands.executeCommand('mlops.deployments.deploy', v1, { name: NAME, image: missing }));
    await waitFor('the new revision to be written', 60_000, async () => deploymentWrites(from) > 0);
    // short of the 60 s progress deadline: the new pod backs off pulling while the old one serves
    await kube.advance(ROLLOUT_MS);
    await waitFor('the new pod backing off', 10_000, async () => ((await group(deployments, 'pods')) as PodNode[]).some((p) => p.pod.status === 'ImagePullBackOff'));
    const stuck = ((await group(deployments, 'pods')) as PodNode[]).find((p) => p.pod.status === 'ImagePullBackOff');
    assert.ok(stuck);
    assert.match(item(deployments, stuck).description, /^0\/1 ready · 0 restarts · ImagePullBackOff · revision 5 · /);
    const events = ((await group(deployments, 'events')) as EventNode[]).map((e) => item(deployments, e));
    const firstNormal = events.findIndex((e) => !e.label.startsWith('Warning '));
    assert.ok(firstNormal > 0 && events.slice(firstNormal).every((e) => !e.label.startsWith('Warning ')), `warnings first: ${JSON.stringify(events)}`);
    assert.ok(events.slice(0, firstNormal).some((e) => e.description.includes(`Failed to pull image "${missing}"`)), JSON.stringify(events));

    from = kube.requests().length;
    await kube.advance(30_000);
    await waitFor('the automatic rollback to be written', 60_000, async () => deploymentWrites(from) > 0);
    await kube.advance(ROLLOUT_MS);
    const { result, errors } = await running;
    assert.equal(result, undefined);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^Deploy Model Version failed: Revision 5 of '.*' \(iris-classifier v1\) did not become available: deployment ".*" exceeded its progress deadline/);
    assert.match(errors[0], /Pod events: .*Failed to pull image/);
    assert.match(errors[0], /It was rolled back automatically: revision 6 \(the spec of revision 4\) serves again\.$/);
    const rows = await revisionRows(deployments);
    assert.equal(rows[0], `Revision 6 | current · ${MODEL} v2 · healthy · ${images.v2}`);
    assert.equal(rows[1], `Revision 5 | ${MODEL} v1 · failed · ${missing}`);
  });

  it('follows the cluster: a Deployment scaled outside VS Code shows stopped, then running, without a refresh', async () => {
    const scale = (replicas: number) => fetch(`${kube.url}/apis/apps/v1/namespaces/default/deployments/${NAME}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${kube.token}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas } }),
    });
    assert.equal((await scale(0)).status, 200);
    await kube.advance(ROLLOUT_MS);
    await waitFor('the view to show the deployment stopped', 20_000, async () => item(deployments, await requireDeployment(deployments)).contextValue === 'deployment.kubernetes.stopped');
    assert.equal((await scale(1)).status, 200);
    await kube.advance(ROLLOUT_MS);
    await waitFor('the view to show it running again', 20_000, async () => item(deployments, await requireDeployment(deployments)).contextValue === 'deployment.kubernetes.running');
  });

  it('tries a request through the API server\'s service proxy', async () => {
    // the fake runs no containers: a proxy in front of it answers the Service's proxy path in their stead
    const proxy = await KubernetesApiProxy.start(kube.url, kube.token, kube.namespace);
    const seen: { path: string; body: string }[] = [];
    proxy.answerServiceProxy((requestPath, body) => {
      seen.push({ path: requestPath, body });
      return { status: 200, body: '{"predictions": [2]}' };
    });
    await config().update('kubernetes.kubeconfig', proxy.kubeconfigPath, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the view to show the proxied context', 10_000, async () => {
        const target = await clusterNode(deployments);
        return target !== undefined && item(deployments, target).description === 'proxied/default';
      });
      const result = await vscode.commands.executeCommand<InvocationResult>('mlops.deployments.tryRequest', await requireDeployment(deployments), '{"inputs": [[5.1, 3.5]]}');
      assert.deepEqual(seen, [{ path: `/api/v1/namespaces/default/services/${NAME}:http/proxy/invocations`, body: '{"inputs": [[5.1, 3.5]]}' }]);
      assert.equal(result.status, 200);
      assert.equal(result.url, `${proxy.url}/api/v1/namespaces/default/services/${NAME}:http/proxy/invocations`);
      await waitFor('the answer in an editor', 10_000, async () => vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'mlops-response' && e.document.getText().includes('"predictions"')));
    } finally {
      await config().update('kubernetes.kubeconfig', kube.kubeconfigPath, vscode.ConfigurationTarget.Workspace);
      await proxy.stop();
    }
    await waitFor('the view to show the fake\'s context again', 10_000, async () => {
      const target = await clusterNode(deployments);
      return target !== undefined && item(deployments, target).description === 'fake-kube/default';
    });
  });

  it('in a protected context stops only with the namespace typed; the confirmation says what scales to zero', async () => {
    const stop = async () => vscode.commands.executeCommand('mlops.deployments.stop', await requireDeployment(deployments));
    const refused = await answering({ confirm: 'Stop', typed: ['kube-system'] }, stop);
    assert.match(refused.confirmations[0].question, new RegExp(`^Stop '${NAME}' on the Kubernetes cluster of context 'fake-kube' .*namespace 'default'\\?$`));
    assert.match(refused.confirmations[0].detail, new RegExp(`^Deployment '${NAME}' \\(now 1 replica\\) is scaled to 0 replicas`));
    assert.equal(refused.result, undefined);
    assert.equal(refused.inputs.length, 1, 'the namespace was asked for');
    assert.equal(item(deployments, await requireDeployment(deployments)).contextValue, 'deployment.kubernetes.running');
    const stopped = await answering({ confirm: 'Stop', typed: ['default'] }, stop);
    assert.deepEqual(stopped.errors, []);
    await kube.advance(ROLLOUT_MS);
    await waitFor('the view to show the deployment stopped', 20_000, async () => item(deployments, await requireDeployment(deployments)).contextValue === 'deployment.kubernetes.stopped');
    await config().update('kubernetes.protectedContexts', undefined, vscode.ConfigurationTarget.Global);
  });

  it('chooses the context and namespace from the kubeconfig\'s contexts (current marked)', async () => {
    const other = '$(edit) Another namespace...';
    const { result, picks, inputs } = await answering({ pick: (labels) => (labels.includes('fake-kube') ? 'fake-kube' : other), typed: ['models'] }, () =>
      vscode.commands.executeCommand('mlops.deployments.chooseKubernetesContext'),
    );
    assert.deepEqual(result, { context: 'fake-kube', namespace: 'models' });
    assert.deepEqual(picks.map((p) => p.title), ['Choose Kubernetes Context', 'Namespace in fake-kube']);
    assert.deepEqual(picks[0].labels, ['fake-kube']);
    assert.equal(picks[0].descriptions[0], 'current · namespace default');
    assert.deepEqual([...picks[1].labels].sort(), ['default', 'kube-public', 'kube-system', other].sort(), 'the cluster\'s namespaces, and a typed one');
    assert.equal(inputs[0].title, 'Namespace in fake-kube');
    assert.equal(config().get('kubernetes.context'), 'fake-kube');
    await waitFor('the view to show the chosen namespace', 10_000, async () => {
      const target = await clusterNode(deployments);
      return target !== undefined && item(deployments, target).description === 'fake-kube/models';
    });
    await config().update('kubernetes.namespace', 'default', vscode.ConfigurationTarget.Workspace);
    await waitFor('the view to show the default namespace again', 10_000, async () => (await requireDeployment(deployments).catch(() => undefined)) !== undefined);
  });

  it('removes the deployment after a confirmation naming what is deleted', async () => {
    const { confirmations, errors } = await answering({ confirm: 'Remove' }, async () => vscode.commands.executeCommand('mlops.deployments.remove', await requireDeployment(deployments)));
    assert.deepEqual(errors, []);
    assert.match(confirmations[0].question, new RegExp(`^Remove '${NAME}' and its 3 revisions from the Kubernetes cluster of context 'fake-kube'`));
    assert.match(confirmations[0].detail, new RegExp(`^Deployment '${NAME}', its ReplicaSets and pods, and Service '${NAME}' are deleted`));
    // the garbage collector deletes the ReplicaSets the Deployment owned, their pods after their grace period
    await kube.advance(ROLLOUT_MS);
    await waitFor('the ReplicaSets to be collected', 10_000, async () => (await replicaSets()).length === 0);
  });

  it('says the cluster refuses the kubeconfig\'s credentials (401), and what to do', async () => {
    const refused = path.join(path.dirname(kube.kubeconfigPath), 'refused-kubeconfig');
    fs.writeFileSync(refused, fs.readFileSync(kube.kubeconfigPath, 'utf8').replace(kube.token, 'not-the-token'));
    await config().update('kubernetes.kubeconfig', refused, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the view to show the refusal', 10_000, async () => {
        const target = await clusterNode(deployments);
        const [first] = target ? ((await deployments.tree.getChildren(target)) as MessageNode[]) : [];
        return first?.kind === 'message' && first.icon === 'error' && /refused the kubeconfig's credentials \(401/.test(first.text);
      });
    } finally {
      await config().update('kubernetes.kubeconfig', kube.kubeconfigPath, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('says the cluster does not answer, and what to do, instead of an empty view', async () => {
    // the kubeconfig outlives the fake (stopping it removes its folder), as a real one outlives its cluster
    const kept = path.join(os.tmpdir(), `mlops-host-kube-${process.pid}.kubeconfig`);
    fs.copyFileSync(kube.kubeconfigPath, kept);
    await config().update('kubernetes.kubeconfig', kept, vscode.ConfigurationTarget.Workspace);
    await stopKube();
    // Retry reads the kubeconfig again and asks the cluster again
    await vscode.commands.executeCommand('mlops.deployments.refresh');
    const target = await clusterNode(deployments);
    assert.ok(target, 'the cluster stays in the view');
    const [error, settings, ...more] = (await deployments.tree.getChildren(target)) as MessageNode[];
    assert.deepEqual(more, []);
    assert.equal(error.icon, 'error');
    assert.match(error.text, /^Could not report its version: the cluster of .*'fake-kube'.* cannot be reached \(.*\)\. Check that the cluster is up/);
    assert.equal(deployments.tree.getTreeItem(error).command?.command, 'mlops.deployments.refresh');
    assert.equal(settings.text, 'Set the cluster (mlops.kubernetes.*)...');
    fs.rmSync(kept, { force: true });
  });
});
