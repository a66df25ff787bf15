import * as assert from 'node:assert/strict';
import { PatchStrategy } from '@kubernetes/client-node';
import { DeployError } from '../../../src/core/deploy/deployError';
import type { RolloutPolicy } from '../../../src/core/deploy/deploymentTarget';
import { openClusterAccess } from '../../../src/core/deploy/kubernetes/clusterAccess';
import { callOptions } from '../../../src/core/deploy/kubernetes/kubeCall';
import { KubernetesTarget } from '../../../src/core/deploy/kubernetes/kubernetesTarget';
import { type FakeKube, startFakeKube } from '../../fakeKube/startFakeKube';
import { kubectl, kubectlPath, parseHistory } from '../fakeKube/kubectl';

// Our rollback and history against Debian's kubectl on twin clusters: both deploy v1, v2, v3 with
// the product; then each undo is done by the product on one twin and by `kubectl rollout undo` on
// the other, and the Deployments, ReplicaSets and `kubectl rollout history` must come out the same.
// kubectl sends its bearer token over TLS only, so the twins serve https.

const IMAGES = ['registry.local/iris:1', 'registry.local/iris:2', 'registry.local/iris:3'];
const NAME = 'iris';
const policy: RolloutPolicy = { healthTimeoutMs: 30_000, autoRollback: true, revisionHistoryLimit: 10 };
const call = () => ({ signal: AbortSignal.timeout(60_000), policy });

interface Twin {
  fake: FakeKube;
  target: KubernetesTarget;
}

async function twin(): Promise<Twin> {
  const fake = await startFakeKube({ clock: 'real', tls: true, images: IMAGES, seed: 7 });
  const target = new KubernetesTarget(openClusterAccess({ kubeconfig: fake.kubeconfigPath, env: {} }), { readinessDelaySeconds: 1 });
  return { fake, target };
}

/** The Deployment and its ReplicaSets, without our served-at marker (kubectl copies it into the Deployment, we do not). */
async function snapshot({ target }: Twin): Promise<unknown> {
  const { apps, namespace } = target.access;
  const withoutMarker = (annotations: Record<string, string> | undefined) => Object.fromEntries(Object.entries(annotations ?? {}).filter(([k]) => k !== 'mlops-studio.org/served-at'));
  const d = await apps.readNamespacedDeployment({ name: NAME, namespace }, callOptions(AbortSignal.timeout(10_000)));
  const sets = (await apps.listNamespacedReplicaSet({ namespace }, callOptions(AbortSignal.timeout(10_000)))).items;
  return {
    image: d.spec?.template.spec?.containers[0].image,
    templateAnnotations: d.spec?.template.metadata?.annotations,
    annotations: withoutMarker(d.metadata?.annotations),
    generation: d.metadata?.generation,
    replicaSets: sets.map((rs) => ({ name: rs.metadata?.name, image: rs.spec?.template?.spec?.containers[0].image, annotations: withoutMarker(rs.metadata?.annotations) }))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
  };
}

async function kubectlUndo(twinB: Twin, args: string[]): Promise<string> {
  const result = await kubectl(twinB.fake.kubeconfigPath, ['rollout', 'undo', `deployment/${NAME}`, ...args]);
  const status = await kubectl(twinB.fake.kubeconfigPath, ['rollout', 'status', `deployment/${NAME}`, '--timeout=60s']);
  assert.equal(status.code, 0, status.stderr);
  return (result.stdout + result.stderr).trim();
}

async function productUndo(twinA: Twin, toRevision: number | undefined): Promise<string> {
  try {
    const result = await twinA.target.rollback(NAME, toRevision, call());
    return result.skipped ? `deployment.apps/${NAME} ${result.skipped}` : `deployment.apps/${NAME} rolled back`;
  } catch (error) {
    assert.ok(error instanceof DeployError, String(error));
    return `error: ${error.message}`;
  }
}

describe('kubernetes target cross-checked with Debian\'s kubectl on twin fakes', function () {
  this.timeout(180_000);
  let a: Twin;
  let b: Twin;

  before(async () => {
    kubectlPath();
    [a, b] = await Promise.all([twin(), twin()]);
    for (const t of [a, b]) {
      for (const [i, image] of IMAGES.entries()) await t.target.deploy({ name: NAME, image, model: { name: 'iris-classifier', version: String(i + 1) } }, call());
    }
  });

  after(async () => {
    await a?.fake.stop();
    await b?.fake.stop();
  });

  it('kubectl rollout history lists the revisions and change causes our history shows', async () => {
    const byKubectl = await kubectl(a.fake.kubeconfigPath, ['rollout', 'history', `deployment/${NAME}`]);
    assert.equal(byKubectl.code, 0, byKubectl.stderr);
    const ours = (await a.target.history(NAME, { signal: AbortSignal.timeout(10_000) })).revisions.map((r) => [r.revision, r.changeCause] as [number, string]).reverse();
    assert.deepEqual(parseHistory(byKubectl.stdout), ours);
    assert.deepEqual(ours.map(([n]) => n), [1, 2, 3]);
  });

  it('each undo leaves the same Deployment and ReplicaSets as kubectl rollout undo, and says the same', async () => {
    assert.deepEqual(await snapshot(a), await snapshot(b), 'the twins start alike');
    const steps: { args: string[]; toRevision: number | undefined; history: number[] }[] = [
      { args: [], toRevision: undefined, history: [1, 3, 4] },
      { args: ['--to-revision=1'], toRevision: 1, history: [3, 4, 5] },
      { args: ['--to-revision=5'], toRevision: 5, history: [3, 4, 5] },
      { args: ['--to-revision=2'], toRevision: 2, history: [3, 4, 5] },
      { args: [], toRevision: undefined, history: [3, 5, 6] },
    ];
    for (const step of steps) {
      const label = `undo ${step.args.join(' ') || '(previous)'}`;
      const ours = await productUndo(a, step.toRevision);
      const theirs = await kubectlUndo(b, step.args);
      assert.equal(ours, theirs, label);
      assert.deepEqual(await snapshot(a), await snapshot(b), label);
      const history = await kubectl(a.fake.kubeconfigPath, ['rollout', 'history', `deployment/${NAME}`]);
      assert.deepEqual(parseHistory(history.stdout).map(([n]) => n), step.history, label);
      assert.deepEqual(parseHistory(history.stdout), parseHistory((await kubectl(b.fake.kubeconfigPath, ['rollout', 'history', `deployment/${NAME}`])).stdout), label);
    }
  });

  it('both refuse a paused deployment with the same message', async () => {
    for (const t of [a, b]) {
      await t.target.access.apps.patchNamespacedDeployment({ name: NAME, namespace: t.target.access.namespace, body: { spec: { paused: true } } }, callOptions(AbortSignal.timeout(10_000), PatchStrategy.MergePatch));
    }
    const ours = await productUndo(a, undefined);
    assert.equal(ours, `error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${NAME}' and try again`);
    assert.equal(ours, await kubectlUndo(b, []));
  });
});
