import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InvocationResult, RolloutResult } from '../../src/core/deploy/deploymentTarget';
import { sparePort } from '../../src/core/deploy/localPorts';
import { scoringExchange } from '../../src/core/deploy/scoringHttp';
import type { DeploymentLogTerminal } from '../../src/features/deployments/deploymentLogTerminal';
import type { DeploymentsFeature } from '../../src/features/deployments/deploymentsFeature';
import type { DeploymentNode, MessageNode, RevisionNode, TargetNode } from '../../src/features/deployments/deploymentsNodes';
import type { ModelsFeature } from '../../src/features/models/modelsFeature';
import type { ModelVersionNode } from '../../src/features/models/modelsNodes';
import { type DockerTestEnv, dockerTestEnv } from '../integration/deploy/dockerTestEnv';
import { removeTestDeployments, scoringImage } from '../integration/deploy/scoringImages';
import { waitFor } from '../support/waitFor';
import { mlopsApi } from './hostApi';
import { itemText, labModelVersion } from './deploymentsViewParts';

const PREFIX = `host${process.pid}-`;
const NAME = `${PREFIX}iris`;
const MODEL = 'iris-classifier';

type StubbedName = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage' | 'showInputBox' | 'showQuickPick';

/** Replaces one `vscode.window` function until `restore` runs; the extension shares this API object with the tests. */
function stubWindow(name: StubbedName, stub: (...args: unknown[]) => unknown): { restore: () => void } {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window[name];
  window[name] = stub;
  return { restore: () => (window[name] = original) };
}

/** Answers the next modal confirmations with `answer` (undefined: the user closed it) and records what they asked. */
async function confirming<T>(answer: string | undefined, work: () => Thenable<T>): Promise<{ result: T; asked: { question: string; detail: string; modal: boolean }[]; errors: string[] }> {
  const asked: { question: string; detail: string; modal: boolean }[] = [];
  const errors: string[] = [];
  const warning = stubWindow('showWarningMessage', async (question, options) => {
    const { modal, detail } = (options ?? {}) as vscode.MessageOptions;
    asked.push({ question: String(question), detail: detail ?? '', modal: modal === true });
    return answer;
  });
  const error = stubWindow('showErrorMessage', async (text) => {
    errors.push(String(text));
    return undefined;
  });
  // Success messages are not awaited by the commands; answering them keeps toasts from piling up.
  const info = stubWindow('showInformationMessage', async () => undefined);
  try {
    return { result: await work(), asked, errors };
  } finally {
    warning.restore();
    error.restore();
    info.restore();
  }
}

/** The registries scripts/docker-test-env.sh started: an open one and one that needs a login. */
function testRegistries(): { open: string; auth: string; user: string; password: string } {
  const file = path.join(process.env.MLOPS_DOCKER_DIR ?? '/tmp/mlops-docker', 'env.json');
  const written = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  const value = (key: string) => {
    const found = process.env[key] ?? written[key];
    assert.ok(found, `${key} is not in ${file}: run bash scripts/docker-test-env.sh`);
    return found;
  };
  return { open: value('MLOPS_TEST_REGISTRY'), auth: value('MLOPS_TEST_AUTH_REGISTRY'), user: value('MLOPS_TEST_AUTH_REGISTRY_USER'), password: value('MLOPS_TEST_AUTH_REGISTRY_PASSWORD') };
}

/** Takes a registry's tag off an image (an earlier run's push left it), so the push tags it again. */
async function untag(env: DockerTestEnv, reference: string): Promise<void> {
  try {
    await env.docker.getImage(reference).remove({ noprune: true });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}

async function ping(port: number): Promise<string> {
  try {
    const answer = await scoringExchange({ url: `http://127.0.0.1:${port}/ping`, method: 'GET', timeoutMs: 2_000, signal: AbortSignal.timeout(5_000) });
    return answer.status === 200 ? answer.body : `status ${answer.status}`;
  } catch {
    return 'no answer';
  }
}

const modelVersion = (models: ModelsFeature, version: string): Promise<ModelVersionNode> => labModelVersion(models, MODEL, version);
const item = itemText;

/** The engine's node; undefined when the engine has no deployments at all (the view shows its welcome content then). */
async function maybeDockerNode(deployments: DeploymentsFeature): Promise<TargetNode | undefined> {
  return (await deployments.tree.getChildren()).find((n): n is TargetNode => n.kind === 'target' && n.target.kind === 'docker');
}

async function dockerNode(deployments: DeploymentsFeature): Promise<TargetNode> {
  const node = await maybeDockerNode(deployments);
  assert.ok(node, 'the Deployments view shows no Docker engine');
  return node;
}

/** The deployment as the view shows it now (without asking the engine again: what the view would draw). */
async function deploymentNode(deployments: DeploymentsFeature): Promise<DeploymentNode | undefined> {
  const target = await maybeDockerNode(deployments);
  const children = target ? await deployments.tree.getChildren(target) : [];
  return children.find((n): n is DeploymentNode => n.kind === 'deployment' && n.deployment.name === NAME);
}

/** What the engine's node says, or "no deployments" for the welcome content of an engine without any. */
async function engineDescription(deployments: DeploymentsFeature): Promise<string> {
  const target = await maybeDockerNode(deployments);
  return target ? item(deployments, target).description : 'no deployments';
}

async function requireDeployment(deployments: DeploymentsFeature): Promise<DeploymentNode> {
  const node = await deploymentNode(deployments);
  assert.ok(node, `the view does not show ${NAME}`);
  return node;
}

async function revisionRows(deployments: DeploymentsFeature): Promise<string[]> {
  const revisions = (await deployments.tree.getChildren(await requireDeployment(deployments))) as RevisionNode[];
  return revisions.map((node) => {
    const { label, description, contextValue } = item(deployments, node);
    // The age and change cause vary; the rest says what the revision is.
    return `${label} | ${description.split(' · ').slice(0, description.startsWith('current') ? 3 : 2).join(' · ')} | ${contextValue}`;
  });
}

describe('Deployments view', function () {
  this.timeout(120_000);
  let deployments: DeploymentsFeature;
  let models: ModelsFeature;
  let env: DockerTestEnv;
  let port: number;
  const images: Record<string, string> = {};

  before(async () => {
    ({ deployments, models } = await mlopsApi());
    env = await dockerTestEnv();
    for (const version of ['1', '2']) images[`v${version}`] = await scoringImage(env.docker, env.busyboxImage, { version: `v${version}`, model: { name: MODEL, version } });
    images.crash = await scoringImage(env.docker, env.busyboxImage, { version: 'v4', mode: 'crash', model: { name: MODEL, version: '3' } });
    port = await sparePort();
    await vscode.commands.executeCommand('mlops.deployments.focus');
    await waitFor('the Deployments view to be visible', 10_000, async () => deployments.view.visible);
  });

  after(async () => {
    if (env) await removeTestDeployments(env.docker, PREFIX);
  });

  it('deploys a model version after a modal confirmation that names the engine; the view shows the target, the deployment and its revision', async () => {
    const v1 = await modelVersion(models, '1');
    const { result, asked, errors } = await confirming('Deploy', () =>
      vscode.commands.executeCommand<RolloutResult>('mlops.deployments.deploy', v1, { name: NAME, image: images.v1, port }),
    );
    assert.deepEqual(errors, []);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].modal, true);
    assert.equal(asked[0].question, `Deploy ${MODEL} v1 as revision 1 of '${NAME}' on the Docker engine ${env.host.uri}? It serves on port ${port} once it answers its health check.`);
    assert.match(asked[0].detail, new RegExp(`^Image: ${images.v1.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. The new revision must answer GET /ping within 60 s`));
    assert.equal(result.revision.revision, 1);
    assert.equal(await ping(port), 'v1');

    const target = item(deployments, await dockerNode(deployments));
    assert.deepEqual([target.label, target.description, target.contextValue], ['Docker engine', env.host.uri, 'deploymentTarget.docker']);
    const deployment = item(deployments, await requireDeployment(deployments));
    assert.equal(deployment.description, `${MODEL} v1 · healthy · :${port}`);
    assert.equal(deployment.contextValue, 'deployment.docker.running');
    assert.deepEqual(await revisionRows(deployments), [`Revision 1 | current · ${MODEL} v1 · healthy | deploymentRevision.docker.current`]);
  });

  it('changes nothing when the confirmation is dismissed', async () => {
    const v2 = await modelVersion(models, '2');
    const { result, asked } = await confirming(undefined, () => vscode.commands.executeCommand('mlops.deployments.deploy', v2, { name: NAME, image: images.v2 }));
    assert.equal(result, undefined);
    assert.match(asked[0].question, new RegExp(`^Deploy ${MODEL} v2 as revision 2 of '${NAME}' on the Docker engine .*\\? Revision 1 \\(v1\\) keeps serving until v2 is healthy\\.$`));
    assert.equal((await env.docker.listContainers({ all: true, filters: { label: [`org.mlops-studio.deployment=${NAME}`] } })).length, 1);
    assert.equal(await ping(port), 'v1');
  });

  it('deploys v2, then rolls back to revision 1 from its item: v1 answers again as revision 3', async () => {
    const v2 = await modelVersion(models, '2');
    const deployed = await confirming('Deploy', () => vscode.commands.executeCommand<RolloutResult>('mlops.deployments.deploy', v2, { name: NAME, image: images.v2 }));
    assert.equal(deployed.result.revision.revision, 2);
    assert.equal(await ping(port), 'v2');
    const revisionOne = ((await deployments.tree.getChildren(await requireDeployment(deployments))) as RevisionNode[]).find((n) => n.revision.revision === 1);
    assert.ok(revisionOne);
    assert.equal(item(deployments, revisionOne).contextValue, 'deploymentRevision.docker.served');
    const { result, asked } = await confirming('Roll Back', () => vscode.commands.executeCommand<RolloutResult>('mlops.deployments.rollback', revisionOne));
    assert.equal(asked[0].question, `Roll back '${NAME}' on the Docker engine ${env.host.uri} to revision 1 (v1)? It is deployed again as revision 3. Revision 2 (v2) keeps serving until it is healthy.`);
    assert.equal(result.revision.revision, 3);
    assert.equal(result.revision.rollbackOf, 1);
    assert.equal(await ping(port), 'v1');
    assert.deepEqual(await revisionRows(deployments), [
      `Revision 3 | current · ${MODEL} v1 · healthy | deploymentRevision.docker.current`,
      `Revision 2 | ${MODEL} v2 · stopped | deploymentRevision.docker.served`,
      `Revision 1 | ${MODEL} v1 · stopped | deploymentRevision.docker.served`,
    ]);
  });

  it('rolls a revision that fails its health check back automatically and tells why, with its last log lines', async () => {
    const v3 = await modelVersion(models, '3');
    const { result, errors } = await confirming('Deploy', () => vscode.commands.executeCommand('mlops.deployments.deploy', v3, { name: NAME, image: images.crash }));
    assert.equal(result, undefined);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^Deploy Model Version failed: Revision 4 of '.*' \(iris-classifier v3\) .*Revision 3 keeps serving on port \d+/);
    assert.match(errors[0], /Last log lines: .*«RuntimeError: model file \/opt\/ml\/model\/MLmodel is missing»/);
    assert.equal(await ping(port), 'v1');
    const rows = await revisionRows(deployments);
    assert.equal(rows[0], `Revision 4 | ${MODEL} v3 · failed | deploymentRevision.docker.failed`);
    assert.equal(rows[1], `Revision 3 | current · ${MODEL} v1 · healthy | deploymentRevision.docker.current`);
  });

  it('sends a request to /invocations and shows the answer', async () => {
    const node = await requireDeployment(deployments);
    const result = await vscode.commands.executeCommand<InvocationResult>('mlops.deployments.tryRequest', node, '{"inputs": [[5.1, 3.5]]}');
    assert.equal(result.status, 200);
    assert.equal(result.url, `http://127.0.0.1:${port}/invocations`);
    assert.deepEqual(JSON.parse(result.body), { version: 'v1', input: { inputs: [[5.1, 3.5]] } });
    await waitFor('the answer in an editor', 10_000, async () => vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'mlops-response'));
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'mlops-response');
    assert.deepEqual(JSON.parse(shown?.document.getText() ?? ''), { version: 'v1', input: { inputs: [[5.1, 3.5]] } });
    assert.equal(shown?.document.languageId, 'json');
  });

  it('follows the log in a terminal until it is closed', async () => {
    const follower = await vscode.commands.executeCommand<DeploymentLogTerminal>('mlops.deployments.followLogs', await requireDeployment(deployments));
    try {
      assert.equal(follower.terminal.name, `Log: ${NAME}`);
      await waitFor('the start of the log', 10_000, async () => follower.lines.some((l) => l.text === 'scoring server v1 starting on port ' + port));
      await scoringExchange({ url: `http://127.0.0.1:${port}/invocations`, method: 'POST', body: '{}', timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });
      await waitFor('the request in the followed log', 10_000, async () => follower.lines.some((l) => l.stream === 'stderr' && l.text === 'POST /invocations'));
    } finally {
      follower.dispose();
    }
    await follower.ended;
  });

  it('follows the engine: a revision stopped outside VS Code shows as stopped without a refresh', async () => {
    const current = (await requireDeployment(deployments)).deployment.current;
    assert.ok(current);
    await env.docker.getContainer(current.handle).stop();
    await waitFor('the view to show the stopped deployment', 20_000, async () => item(deployments, await requireDeployment(deployments)).description.includes('stopped'));
    assert.equal(item(deployments, await requireDeployment(deployments)).contextValue, 'deployment.docker.stopped');
  });

  it('rolls back to the previous revision, then stops and removes the deployment, each after a confirmation', async () => {
    const rolled = await confirming('Roll Back', async () => vscode.commands.executeCommand<RolloutResult>('mlops.deployments.rollbackPrevious', await requireDeployment(deployments)));
    assert.match(rolled.asked[0].question, new RegExp(`^Roll back '${NAME}' on the Docker engine .* to revision 2 \\(v2\\)\\? It is deployed again as revision 5\\.$`));
    assert.equal(rolled.result.revision.revision, 5);
    assert.equal(await ping(port), 'v2');

    const stopped = await confirming('Stop', async () => vscode.commands.executeCommand('mlops.deployments.stop', await requireDeployment(deployments)));
    assert.deepEqual(stopped.errors, []);
    assert.equal(stopped.asked[0].question, `Stop '${NAME}' on the Docker engine ${env.host.uri}?`);
    assert.match(stopped.asked[0].detail, new RegExp(`^Revision 5 \\(${MODEL} v2\\) stops serving on port ${port}\\. Its 5 revisions stay`));
    assert.equal(await ping(port), 'no answer');
    assert.match(item(deployments, await requireDeployment(deployments)).description, new RegExp(`^${MODEL} v2 · stopped · :${port}$`));

    const removed = await confirming('Remove', async () => vscode.commands.executeCommand('mlops.deployments.remove', await requireDeployment(deployments)));
    assert.equal(removed.asked[0].question, `Remove '${NAME}' and its 5 revisions from the Docker engine ${env.host.uri}?`);
    assert.equal(await deploymentNode(deployments), undefined);
    assert.equal((await env.docker.listContainers({ all: true, filters: { label: [`org.mlops-studio.deployment=${NAME}`] } })).length, 0);
  });

  it('pushes an image of a model version to a registry, tagged for it, after a confirmation', async () => {
    // A namespace of this suite's own: other suites push images of the same model name.
    const open = `${testRegistries().open}/mlops-host-tests`;
    const v1 = await modelVersion(models, '1');
    await untag(env, `${open}/${MODEL}:1`);
    const { result, asked, errors } = await confirming('Push Image', () =>
      vscode.commands.executeCommand<{ repoDigest: string; digest: string }>('mlops.deployments.pushImage', v1, { image: images.v1, registry: open }),
    );
    assert.deepEqual(errors, []);
    assert.equal(asked[0].question, `Push ${open}/${MODEL}:1 (${MODEL} v1) to the registry ${testRegistries().open}?`);
    assert.match(asked[0].detail, new RegExp(`^It is tagged ${open}/${MODEL}:1 first\\. Credentials: `));
    assert.match(result.repoDigest, new RegExp(`^${open}/${MODEL}@sha256:[0-9a-f]{64}$`));
    const manifest = await fetch(`http://${testRegistries().open}/v2/mlops-host-tests/${MODEL}/manifests/1`, { method: 'HEAD', headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers.get('docker-content-digest'), result.digest);
  });

  it('reports a registry that refuses the push, and pushes with the login kept in the secret storage', async () => {
    const { auth: host, user, password } = testRegistries();
    const auth = `${host}/mlops-host-tests`;
    const v2 = await modelVersion(models, '2');
    await untag(env, `${auth}/${MODEL}:2`);
    const push = () => vscode.commands.executeCommand<{ repoDigest: string } | undefined>('mlops.deployments.pushImage', v2, { image: images.v2, registry: auth });
    const refused = await confirming('Push Image', push);
    assert.equal(refused.result, undefined);
    assert.match(refused.errors[0] ?? '', new RegExp(`^Push Image failed: the registry ${host} refused the push of ${auth}/${MODEL}:2`));
    const answers = [host, user, password];
    const input = stubWindow('showInputBox', async () => answers.shift());
    try {
      await vscode.commands.executeCommand('mlops.deployments.signInRegistry');
    } finally {
      input.restore();
    }
    assert.deepEqual(answers, []);
    const pushed = await confirming('Push Image', push);
    assert.deepEqual(pushed.errors, []);
    assert.match(pushed.asked[0].detail, /Credentials: the given credentials\./);
    assert.match(pushed.result?.repoDigest ?? '', new RegExp(`^${auth}/${MODEL}@sha256:`));
  });

  it('builds through the image builder after a confirmation, and says why a version without model files cannot be built', async () => {
    const v1 = await modelVersion(models, '1');
    const { result, asked, errors } = await confirming('Build Image', () => vscode.commands.executeCommand('mlops.deployments.buildImage', v1));
    assert.equal(result, undefined);
    assert.equal(asked[0].question, `Build the serving image of ${MODEL} v1 on the Docker engine ${env.host.uri}?`);
    assert.match(asked[0].detail, new RegExp(`^Built from the generated serving context \\(MLflow's scoring server with /metrics\\)\\. The image is tagged ${MODEL}:1 and labelled with the model version`));
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^Build Image failed: no MLflow model \(an MLmodel file\) at /);
  });

  it("offers the workspace's Dockerfiles (not those of dependencies) besides the generated serving image", async () => {
    const v1 = await modelVersion(models, '1');
    const root = v1.folder.uri.fsPath;
    const serving = path.join(root, `serving-${process.pid}`, 'Dockerfile');
    const dependency = path.join(root, 'node_modules', `dep-${process.pid}`, 'Dockerfile');
    for (const file of [serving, dependency]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'FROM scratch\n');
    }
    let offered: string[] = [];
    const picking = (choose: (labels: string[]) => number | undefined) =>
      stubWindow('showQuickPick', async (items) => {
        const list = (await items) as { label: string }[];
        offered = list.map((item) => item.label);
        const index = choose(offered);
        return index === undefined ? undefined : list[index];
      });
    try {
      const cancelled = picking(() => undefined);
      try {
        const { result, asked } = await confirming('Build Image', () => vscode.commands.executeCommand('mlops.deployments.buildImage', v1));
        assert.equal(result, undefined);
        assert.deepEqual(asked, [], 'a cancelled choice asks nothing more');
      } finally {
        cancelled.restore();
      }
      assert.deepEqual(offered, ['$(package) Generated serving image', `$(file) ${path.relative(root, serving)}`]);
      const dockerfile = picking((labels) => labels.indexOf(`$(file) ${path.relative(root, serving)}`));
      try {
        const { asked, errors } = await confirming('Build Image', () => vscode.commands.executeCommand('mlops.deployments.buildImage', v1));
        assert.equal(asked[0].detail.split('. The image')[0], `Built from ${path.relative(root, serving)} (its folder is the build context; its .dockerignore applies)`);
        assert.match(errors[0] ?? '', /^Build Image failed: no MLflow model/);
      } finally {
        dockerfile.restore();
      }
    } finally {
      fs.rmSync(path.dirname(serving), { recursive: true, force: true });
      fs.rmSync(path.dirname(dependency), { recursive: true, force: true });
    }
  });

  it('says the engine is not running, and what to do, instead of an empty view', async () => {
    const config = vscode.workspace.getConfiguration('mlops');
    const socket = `unix:///tmp/${PREFIX}no-docker.sock`;
    await config.update('docker.host', socket, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the view to show the other engine', 10_000, async () => (await engineDescription(deployments)) === socket);
      const [error, settings, ...more] = (await deployments.tree.getChildren(await dockerNode(deployments))) as MessageNode[];
      assert.deepEqual(more, []);
      assert.equal(error.kind, 'message');
      assert.match(error.text, new RegExp(`^The Docker engine at ${socket} is not running: there is no socket .*\\. Start Docker \\(or dockerd\\)`));
      assert.equal(deployments.tree.getTreeItem(error).command?.command, 'mlops.deployments.refresh');
      assert.equal(settings.text, 'Set the Docker host (mlops.docker.host)...');
      assert.deepEqual(deployments.tree.getTreeItem(settings).command?.arguments, ['mlops.docker.host']);
      const { errors, asked } = await confirming('Deploy', async () => vscode.commands.executeCommand('mlops.deployments.deploy', await modelVersion(models, '1'), { name: NAME, image: images.v1 }));
      assert.deepEqual(asked, [], 'nothing to confirm on an engine that is not running');
      assert.match(errors[0], /^Deploy Model Version failed: The Docker engine at .* is not running/);
    } finally {
      await config.update('docker.host', env.host.uri, vscode.ConfigurationTarget.Workspace);
    }
    // The test engine may hold other deployments, or none (then the welcome content explains how to deploy).
    await waitFor('the view to show the test engine again', 10_000, async () => [env.host.uri, 'no deployments'].includes(await engineDescription(deployments)));
  });
});
