import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { waitFor } from '../../support/waitFor';
import {
  advanceUntil, deployment, imageOf, patchAs, readDeployment, revisions, rolloutComplete, setImage, startWithClient, type KubeClient,
} from './kubeClient';
import { kubectl, kubectlPath, parseHistory, startKubectl } from './kubectl';
import { plain, undoWithClientNode, type UndoResult } from './referenceUndo';

// Debian's kubectl against the fake: `rollout status` follows a rollout to its end or to its
// progress deadline, `rollout history` lists the revisions the controller numbered, and
// `rollout undo` (previous, --to-revision, already current, unknown revision, paused) gives the
// same Deployment, ReplicaSets and history as the same undo done with client-node on a twin
// cluster; `get` and `describe` print what client-node reads; `create` and `apply` run with validation
// on (kubectl reads the served OpenAPI document) and `--dry-run=server` reaches the server as dryRun=All. kubectl's client-go sends a bearer
// token over TLS only, so the fake serves https.

const namespace = 'default';
const image = (v: number) => `registry.local/model:${v}`;
const START = Date.UTC(2026, 0, 1);

async function twin(): Promise<KubeClient> {
  return startWithClient({ images: [1, 2, 3].map(image), tls: true, startTime: START, seed: 7 });
}

async function completeRollout(client: KubeClient, name: string): Promise<void> {
  await advanceUntil(client.kube, async () => {
    const d = await readDeployment(client, name);
    return rolloutComplete(d) && d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable';
  });
}

async function deployThreeVersions(client: KubeClient): Promise<void> {
  await client.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: image(1), changeCause: 'model v1' }) });
  await completeRollout(client, 'web');
  for (const v of [2, 3]) {
    await setImage(client, 'web', image(v), `model v${v}`);
    await completeRollout(client, 'web');
  }
}

/** What an undo leaves behind, comparable across the twins. */
async function snapshot(client: KubeClient): Promise<unknown> {
  const d = await readDeployment(client, 'web');
  const revs = await revisions(client, 'web');
  return {
    template: plain(d.spec?.template),
    annotations: d.metadata?.annotations,
    generation: d.metadata?.generation,
    replicaSets: [...revs.entries()].map(([revision, rs]) => ({ revision, name: rs.metadata?.name, image: imageOf(rs), replicas: rs.spec?.replicas, annotations: rs.metadata?.annotations })),
  };
}

/** kubectl's own words for what the client-node undo reported. */
function kubectlWords(result: UndoResult): { code: number; text: string } {
  if (result.outcome === 'rolled back') return { code: 0, text: 'deployment.apps/web rolled back' };
  if (result.outcome === 'skipped') return { code: 0, text: `deployment.apps/web skipped rollback (current template already matches revision ${result.revision})` };
  return { code: 1, text: `error: ${result.message}` };
}

describe('fake Kubernetes API server cross-checked with Debian\'s kubectl', function () {
  let a: KubeClient;
  let b: KubeClient;

  before(() => {
    kubectlPath();
  });
  afterEach(async () => {
    await a?.kube.stop();
    await b?.kube.stop();
  });

  it('rollout status: waits for the rollout on the fake clock and reports success', async () => {
    a = await twin();
    await a.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: image(1) }) });
    const status = startKubectl(a.kube.kubeconfigPath, ['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await waitFor('kubectl to report the rollout under way', 30_000, async () => status.output().includes('Waiting for deployment'), 20);
    assert.match(status.output(), /Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available\.\.\./);
    await completeRollout(a, 'web');
    const result = await status.done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /deployment "web" successfully rolled out\n$/);
  });

  it('rollout status: fails when the rollout of a missing image exceeds its progress deadline', async () => {
    a = await twin();
    await a.apps.createNamespacedDeployment({ namespace, body: deployment({ name: 'web', image: image(1), progressDeadlineSeconds: 120 }) });
    await completeRollout(a, 'web');
    await setImage(a, 'web', 'registry.local/model:missing', 'broken');
    const status = startKubectl(a.kube.kubeconfigPath, ['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await waitFor('kubectl to report the rollout under way', 30_000, async () => status.output().includes('Waiting for deployment'), 20);
    await advanceUntil(a.kube, async () => (await readDeployment(a, 'web')).status?.conditions?.some((c) => c.reason === 'ProgressDeadlineExceeded') === true);
    const result = await status.done;
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated\.\.\./);
    assert.equal(result.stderr, 'error: deployment "web" exceeded its progress deadline\n');
  });

  it('rollout history lists the controller\'s revisions with their change cause and template', async () => {
    a = await twin();
    await deployThreeVersions(a);
    const history = await kubectl(a.kube.kubeconfigPath, ['rollout', 'history', 'deployment/web']);
    assert.equal(history.code, 0, history.stderr);
    assert.deepEqual(parseHistory(history.stdout), [[1, 'model v1'], [2, 'model v2'], [3, 'model v3']]);
    const revs = await revisions(a, 'web');
    const two = await kubectl(a.kube.kubeconfigPath, ['rollout', 'history', 'deployment/web', '--revision=2']);
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stdout, /^deployment\.apps\/web with revision #2\n/);
    assert.match(two.stdout, new RegExp(`pod-template-hash=${revs.get(2)?.metadata?.labels?.['pod-template-hash']}`));
    assert.match(two.stdout, /Image:\s+registry\.local\/model:2\n/);
    assert.match(two.stdout, /kubernetes\.io\/change-cause: model v2/);
  });

  it('get and describe show the status, ReplicaSets and pods that client-node reads, and find the same new ReplicaSet', async () => {
    a = await twin();
    await deployThreeVersions(a);
    await setImage(a, 'web', 'registry.local/model:missing', 'broken');
    await advanceUntil(a.kube, async () => (await a.core.listNamespacedPod({ namespace })).items.some((p) => p.status?.containerStatuses?.[0].state?.waiting?.reason === 'ImagePullBackOff'));
    const rows = async (args: string[]) => {
      const out = await kubectl(a.kube.kubeconfigPath, ['get', ...args]);
      assert.equal(out.code, 0, out.stderr);
      return out.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s{2,}/));
    };
    const d = await readDeployment(a, 'web');
    const [deploymentRow] = await rows(['deployment', 'web']);
    assert.deepEqual(deploymentRow.slice(0, 4), ['web', `${d.status?.readyReplicas}/${d.spec?.replicas}`, String(d.status?.updatedReplicas), String(d.status?.availableReplicas)]);
    assert.deepEqual(deploymentRow.slice(1, 4), ['2/2', '1', '2']);
    const revs = await revisions(a, 'web');
    const rsRows = await rows(['replicasets', '-o', 'wide']);
    assert.deepEqual(
      rsRows.map((r) => [r[0], r[1], r[6]]).sort(),
      [...revs.values()].map((rs) => [rs.metadata?.name, String(rs.spec?.replicas), imageOf(rs)]).sort(),
    );
    const podRows = await rows(['pods']);
    const newest = revs.get(4)!.metadata!.name!;
    assert.deepEqual(podRows.filter((r) => r[0].startsWith(`${newest}-`)).map((r) => r.slice(1, 3)), [['0/1', 'ImagePullBackOff']]);
    assert.deepEqual(podRows.filter((r) => !r[0].startsWith(`${newest}-`)).map((r) => r.slice(1, 3)), [['1/1', 'Running'], ['1/1', 'Running']]);
    // kubectl finds the new ReplicaSet itself (deploymentutil.FindNewReplicaSet, templates without pod-template-hash)
    const describe = await kubectl(a.kube.kubeconfigPath, ['describe', 'deployment', 'web']);
    assert.match(describe.stdout, new RegExp(`NewReplicaSet:\\s+${newest} \\(1/1 replicas created\\)`));
    assert.match(describe.stdout, new RegExp(`OldReplicaSets:\\s+${revs.get(3)!.metadata!.name} \\(2/2 replicas created\\)`));
    assert.match(describe.stdout, /Replicas:\s+2 desired \| 1 updated \| 3 total \| 2 available \| 1 unavailable/);
  });

  it('create and apply work with validation on (kubectl reads the served OpenAPI document), and undo --dry-run=server changes nothing', async () => {
    a = await twin();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-fakekube-manifest-'));
    try {
      const manifest = path.join(dir, 'web.json');
      fs.writeFileSync(manifest, JSON.stringify(deployment({ name: 'web', image: image(1), changeCause: 'model v1' })));
      const created = await kubectl(a.kube.kubeconfigPath, ['create', '-f', manifest]);
      assert.deepEqual([created.code, created.stdout.trim()], [0, 'deployment.apps/web created'], created.stderr);
      assert.ok(a.kube.requests().some((r) => r.path === '/openapi/v2' && r.code === 200), 'kubectl fetched the OpenAPI document');
      await completeRollout(a, 'web');
      fs.writeFileSync(manifest, JSON.stringify(deployment({ name: 'web', image: image(2), changeCause: 'model v2' })));
      const applied = await kubectl(a.kube.kubeconfigPath, ['apply', '-f', manifest]);
      assert.deepEqual([applied.code, applied.stdout.trim()], [0, 'deployment.apps/web configured'], applied.stderr);
      await completeRollout(a, 'web');
      const again = await kubectl(a.kube.kubeconfigPath, ['apply', '-f', manifest]);
      assert.equal(again.stdout.trim(), 'deployment.apps/web unchanged');
      const before = await snapshot(a);
      const dryRun = await kubectl(a.kube.kubeconfigPath, ['rollout', 'undo', 'deployment/web', '--dry-run=server']);
      assert.deepEqual([dryRun.code, dryRun.stdout.trim()], [0, 'deployment.apps/web rolled back (server dry run)'], dryRun.stderr);
      assert.ok(a.kube.requests().some((r) => r.method === 'PATCH' && r.query.dryRun === 'All'));
      assert.deepEqual(await snapshot(a), before);
      const history = await kubectl(a.kube.kubeconfigPath, ['rollout', 'history', 'deployment/web']);
      assert.deepEqual(parseHistory(history.stdout), [[1, 'model v1'], [2, 'model v2']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rollout undo gives what the same undo through client-node gives: previous, --to-revision, already current, unknown, paused', async () => {
    a = await twin();
    b = await twin();
    await deployThreeVersions(a);
    await deployThreeVersions(b);
    assert.deepEqual(await snapshot(a), await snapshot(b), 'the twins start alike');

    const steps: { args: string[]; toRevision: number; expect: string; history: [number, string][]; image: number }[] = [
      { args: [], toRevision: 0, expect: 'deployment.apps/web rolled back', history: [[1, 'model v1'], [3, 'model v3'], [4, 'model v2']], image: 2 },
      { args: ['--to-revision=1'], toRevision: 1, expect: 'deployment.apps/web rolled back', history: [[3, 'model v3'], [4, 'model v2'], [5, 'model v1']], image: 1 },
      { args: ['--to-revision=5'], toRevision: 5, expect: 'deployment.apps/web skipped rollback (current template already matches revision 5)', history: [[3, 'model v3'], [4, 'model v2'], [5, 'model v1']], image: 1 },
      { args: ['--to-revision=9'], toRevision: 9, expect: 'error: unable to find specified revision 9 in history', history: [[3, 'model v3'], [4, 'model v2'], [5, 'model v1']], image: 1 },
      { args: [], toRevision: 0, expect: 'deployment.apps/web rolled back', history: [[3, 'model v3'], [5, 'model v1'], [6, 'model v2']], image: 2 },
    ];
    for (const step of steps) {
      const label = `undo ${step.args.join(' ') || '(previous)'}`;
      const byKubectl = await kubectl(a.kube.kubeconfigPath, ['rollout', 'undo', 'deployment/web', ...step.args]);
      const byClientNode = kubectlWords(await undoWithClientNode(b, 'web', step.toRevision));
      assert.equal((byKubectl.stdout + byKubectl.stderr).trim(), step.expect, label);
      assert.deepEqual({ code: byKubectl.code, text: (byKubectl.stdout + byKubectl.stderr).trim() }, byClientNode, label);
      await completeRollout(a, 'web');
      await completeRollout(b, 'web');
      assert.deepEqual(await snapshot(a), await snapshot(b), label);
      const historyA = await kubectl(a.kube.kubeconfigPath, ['rollout', 'history', 'deployment/web']);
      const historyB = await kubectl(b.kube.kubeconfigPath, ['rollout', 'history', 'deployment/web']);
      assert.deepEqual(parseHistory(historyA.stdout), step.history, label);
      assert.deepEqual(parseHistory(historyB.stdout), step.history, label);
      assert.equal(imageOf(await readDeployment(a, 'web')), image(step.image), label);
    }
    const adopted = (await revisions(a, 'web')).get(6);
    assert.equal(adopted?.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '2,4');

    const pause = await kubectl(a.kube.kubeconfigPath, ['rollout', 'pause', 'deployment/web']);
    assert.equal(pause.code, 0, pause.stderr);
    await b.apps.patchNamespacedDeployment({ name: 'web', namespace, body: { spec: { paused: true } } }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    const paused = await kubectl(a.kube.kubeconfigPath, ['rollout', 'undo', 'deployment/web']);
    assert.equal(paused.code, 1);
    assert.equal(paused.stderr.trim(), "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again");
    assert.deepEqual({ code: paused.code, text: paused.stderr.trim() }, kubectlWords(await undoWithClientNode(b, 'web')));
  });
});
