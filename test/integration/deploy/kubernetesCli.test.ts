import * as assert from 'node:assert/strict';
import type { DeploymentSummary, RolloutResult } from '../../../src/core/deploy/deploymentTarget';
import { makeTempDir } from '../../support/tempDir';
import { type FakeKube, startFakeKube } from '../../fakeKube/startFakeKube';
import { cliJson, runMlops } from './cliProcess';

// `mlops deploy|rollback|history --target kubernetes` as a pipeline runs them: the built CLI
// against the API server fake, through the kubeconfig, with a protected context.

const IMAGES = ['registry.local/iris:1', 'registry.local/iris:2'];

describe('mlops CLI with --target kubernetes (API server fake)', function () {
  this.timeout(120_000);
  let fake: FakeKube;
  let dir: string;
  let cleanup: () => void;
  let cluster: string[];

  before(async () => {
    fake = await startFakeKube({ clock: 'real', images: IMAGES });
    ({ dir, cleanup } = makeTempDir('kubecli'));
    cluster = ['--target', 'kubernetes', '--kubeconfig', fake.kubeconfigPath, '--name', 'iris'];
  });

  after(async () => {
    await fake?.stop();
    cleanup?.();
  });

  it('deploys two versions, lists their history, rolls back and skips a rollback that changes nothing', async () => {
    const deploy = (version: number) => runMlops(['deploy', ...cluster, '--model', 'iris-classifier', '--version', String(version), '--image', IMAGES[version - 1], '--health-timeout', '30', '--json'], dir);
    const first = cliJson<RolloutResult>(await deploy(1));
    assert.equal(first.revision.revision, 1);
    const second = await deploy(2);
    const result = cliJson<RolloutResult>(second);
    assert.equal(result.revision.revision, 2);
    assert.equal(result.previous?.revision, 1);
    assert.match(second.stderr, /mlops: Waiting for deployment "iris" rollout to finish: /);

    const history = cliJson<DeploymentSummary>(await runMlops(['history', ...cluster, '--json'], dir));
    assert.deepEqual(history.revisions.map((r) => [r.revision, r.current, r.image.reference, r.changeCause]), [
      [2, true, IMAGES[1], `Deploy iris-classifier v2 (${IMAGES[1]})`],
      [1, false, IMAGES[0], `Deploy iris-classifier v1 (${IMAGES[0]})`],
    ]);
    const table = await runMlops(['history', ...cluster, '--context', fake.contextName, '--namespace', 'default'], dir);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^REVISION\s+CURRENT\s+STATUS/);
    assert.match(table.stdout, /\n2\s+\*\s+healthy\s+iris-classifier\s+2\s+8080\s+registry\.local\/iris:2/);

    const back = cliJson<RolloutResult>(await runMlops(['rollback', ...cluster, '--json'], dir));
    assert.equal(back.revision.revision, 3);
    assert.equal(back.revision.image.reference, IMAGES[0]);
    const skipped = await runMlops(['rollback', ...cluster, '--to-revision', '3'], dir);
    assert.equal(skipped.status, 0, skipped.stderr);
    assert.match(skipped.stdout, /^skipped rollback \(current template already matches revision 3\)/);
  });

  it('in a protected context, changes only with the namespace typed again', async () => {
    const env = { MLOPS_KUBERNETES_PROTECTED_CONTEXTS: 'staging,fake-*' };
    const refused = await runMlops(['rollback', ...cluster, '--to-revision', '2'], dir, env);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Context 'fake-kube' is protected \(MLOPS_KUBERNETES_PROTECTED_CONTEXTS pattern "fake-\*"\): to roll back 'iris' in namespace 'default', repeat the namespace with --confirm-namespace default\./);
    const wrong = await runMlops(['rollback', ...cluster, '--to-revision', '2', '--confirm-namespace', 'prod'], dir, env);
    assert.equal(wrong.status, 1);
    const confirmed = cliJson<RolloutResult>(await runMlops(['rollback', ...cluster, '--to-revision', '2', '--confirm-namespace', 'default', '--json'], dir, env));
    assert.equal(confirmed.revision.revision, 4);
    assert.equal(confirmed.revision.image.reference, IMAGES[1]);
  });

  it('says what is wrong with an unknown context or a missing --image', async () => {
    const unknown = await runMlops(['history', ...cluster, '--context', 'prod'], dir);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /has no context 'prod' \(it has: fake-kube\)/);
    const noImage = await runMlops(['deploy', ...cluster, '--model', 'iris-classifier', '--version', '3'], dir);
    assert.equal(noImage.status, 1);
    assert.match(noImage.stderr, /--target kubernetes pulls its image from a registry: give --image/);
  });
});
