import * as assert from 'node:assert/strict';
import type { DeploymentSummary, RolloutPolicy, RolloutStep } from '../../../src/core/deploy/deploymentTarget';
import type { KubernetesTarget } from '../../../src/core/deploy/kubernetes/kubernetesTarget';
import { isProtectedContext } from '../../../src/core/deploy/kubernetes/protectedContexts';
import { type ClusterUnderTest, fakeCluster, realCluster } from './kubernetesClusters';
import { deployRejection } from './deployRejection';

// The issue's scenarios, against the API server fake and, when MLOPS_E2E_KUBECONFIG names one, a real cluster.

const model = (version: string) => ({ name: 'iris-classifier', version });

function table(summary: DeploymentSummary): string[] {
  return summary.revisions.map((r) => `${r.revision}${r.current ? '*' : ''} ${r.image.reference}${r.rollbackOf === null ? '' : ` (was ${r.rollbackOf})`}${r.served ? '' : ' failed'}`);
}

function rolloutScenarios(title: string, setup: () => Promise<ClusterUnderTest | undefined>): void {
  describe(title, function () {
    this.timeout(240_000);
    let cluster: ClusterUnderTest;
    let target: KubernetesTarget;
    const name = `iris-${process.pid}`;
    let policy: RolloutPolicy;
    const call = (onProgress?: (step: RolloutStep) => void, overrides: Partial<RolloutPolicy> = {}) => ({ signal: AbortSignal.timeout(200_000), policy: { ...policy, ...overrides }, onProgress });
    const signal = () => ({ signal: AbortSignal.timeout(30_000) });

    before(async function () {
      const found = await setup();
      if (!found) {
        console.log(`      (skipped: MLOPS_E2E_KUBECONFIG is not set; point it at a real cluster's kubeconfig, with MLOPS_E2E_IMAGES naming three images that serve /ping on 8080, to run "${title}")`);
        this.skip();
      }
      cluster = found;
      target = cluster.target();
      policy = { healthTimeoutMs: cluster.healthTimeoutMs, autoRollback: true, revisionHistoryLimit: 10 };
    });

    after(async () => {
      if (!cluster) return;
      await target.remove(name, signal()).catch(() => undefined);
      await cluster.stop();
    });

    it('reports the cluster version', async () => {
      assert.match((await target.check(signal())).version, /^Kubernetes v1\.\d+/);
    });

    it('deploys v1, v2 and v3 as three revisions with their change causes', async () => {
      const steps: RolloutStep[] = [];
      const first = await target.deploy({ name, image: cluster.images.v1, model: model('1') }, call((s) => steps.push(s)));
      assert.equal(first.revision.revision, 1);
      assert.equal(first.previous, null);
      assert.ok(steps.some((s) => s.step === 'waitingHealthy' && s.detail?.startsWith(`Waiting for deployment "${name}" rollout to finish`)), JSON.stringify(steps));
      assert.deepEqual([...new Set(steps.map((s) => s.step))], ['checking', 'waitingHealthy', 'done']);
      assert.ok(steps.every((s) => s.step !== 'waitingHealthy' || (s.revision === 1 && s.url === `http://${name}.${cluster.namespace}.svc:8080`)), JSON.stringify(steps));
      assert.deepEqual(steps.at(-1), { step: 'done', revision: 1 });
      const second = await target.deploy({ name, image: cluster.images.v2, model: model('2') }, call());
      assert.equal(second.revision.revision, 2);
      assert.equal(second.previous?.revision, 1);
      await target.deploy({ name, image: cluster.images.v3, model: model('3'), changeCause: 'promote v3 after the A/B test' }, call());

      const history = await target.history(name, signal());
      assert.deepEqual(table(history), [`3* ${cluster.images.v3}`, `2 ${cluster.images.v2}`, `1 ${cluster.images.v1}`]);
      assert.equal(history.current?.revision, 3);
      assert.equal(history.revisions[0].changeCause, 'promote v3 after the A/B test');
      assert.equal(history.revisions[1].changeCause, `Deploy iris-classifier v2 (${cluster.images.v2})`);
      assert.deepEqual(history.revisions[1].model, { name: 'iris-classifier', version: '2', runId: null });
      assert.ok(history.revisions.every((r) => r.createdAt > 0 && r.handle.startsWith(`${name}-`)));
      assert.deepEqual(history.revisions.map((r) => r.status), ['healthy', 'stopped', 'stopped']);
    });

    it('undo goes back to the previous revision (v2), which becomes revision 4', async () => {
      const result = await target.rollback(name, undefined, call());
      assert.equal(result.revision.revision, 4);
      assert.equal(result.revision.image.reference, cluster.images.v2);
      assert.equal(result.revision.rollbackOf, 2);
      assert.equal(result.previous?.revision, 3);
      // as in `kubectl rollout history`: the adopted ReplicaSet keeps its change cause and leaves number 2
      assert.deepEqual(table(await target.history(name, signal())), [`4* ${cluster.images.v2} (was 2)`, `3 ${cluster.images.v3}`, `1 ${cluster.images.v1}`]);
      assert.equal((await target.history(name, signal())).revisions[0].changeCause, `Deploy iris-classifier v2 (${cluster.images.v2})`);
    });

    it('undo to revision 1 by number', async () => {
      const result = await target.rollback(name, 1, call());
      assert.equal(result.revision.revision, 5);
      assert.equal(result.revision.image.reference, cluster.images.v1);
      assert.deepEqual(table(await target.history(name, signal())), [`5* ${cluster.images.v1} (was 1)`, `4 ${cluster.images.v2} (was 2)`, `3 ${cluster.images.v3}`]);
    });

    it('undo to the current revision is skipped, as kubectl does', async () => {
      const result = await target.rollback(name, 5, call());
      assert.equal(result.skipped, 'skipped rollback (current template already matches revision 5)');
      assert.equal(result.revision.revision, 5);
      assert.equal((await target.history(name, signal())).revisions.length, 3);
    });

    it('undo to a revision that is not kept fails with kubectl\'s message', async () => {
      const error = await deployRejection(target.rollback(name, 2, call()));
      assert.equal(error.code, 'NOT_FOUND');
      assert.equal(error.message, 'unable to find specified revision 2 in history');
    });

    it('a rollout whose image is missing fails on its progress deadline and is rolled back automatically, saying why', async () => {
      let waiting!: () => void;
      const reachedWait = new Promise<void>((resolve) => (waiting = resolve));
      const steps: RolloutStep[] = [];
      const rollout = target.deploy({ name, image: cluster.images.missing, model: model('4') }, call((step) => {
        steps.push(step);
        if (step.step === 'waitingHealthy') waiting();
      }));
      const failed = deployRejection(rollout);
      await reachedWait;
      await cluster.passDeadline(cluster.healthTimeoutMs + 2_000);
      const error = await failed;
      assert.equal(error.code, 'UNHEALTHY');
      assert.match(error.message, /^Revision 6 of 'iris-\d+' \(iris-classifier v4\) did not become available: deployment "iris-\d+" exceeded its progress deadline: ReplicaSet "iris-\d+-[a-z0-9]+" has timed out progressing\./);
      assert.match(error.message, /Pod events: .*Failed to pull image "registry\.[a-z.]+\/[a-z0-9/-]+:(missing|1)"/);
      assert.match(error.message, /It was rolled back automatically: revision 7 \(the spec of revision 5\) serves again\.$/);
      assert.ok(steps.some((s) => s.step === 'rollingBack' && s.revision === 6 && s.to === 5), JSON.stringify(steps));
      const history = await target.history(name, signal());
      assert.deepEqual(table(history).slice(0, 2), [`7* ${cluster.images.v1} (was 5)`, `6 ${cluster.images.missing} failed`]);
      assert.equal(history.current?.revision, 7);
    });

    it('matches protected contexts by glob patterns', () => {
      assert.equal(isProtectedContext('prod', ['prod']), true);
      assert.equal(isProtectedContext('eu-prod', ['staging', '*-prod']), true);
      assert.equal(isProtectedContext('production-eu', ['prod']), false);
      assert.equal(isProtectedContext(target.access.context, ['*']), true);
    });
  });
}

rolloutScenarios('kubernetes target: rollout scenarios (API server fake)', fakeCluster);
rolloutScenarios('kubernetes target: rollout scenarios (real cluster, MLOPS_E2E_KUBECONFIG)', async () => realCluster(process.env));
