import * as assert from 'node:assert/strict';
import { DeployError, isAbortError } from '../../../src/core/deploy/deployError';
import type { DeploymentSummary, RolloutPolicy } from '../../../src/core/deploy/deploymentTarget';
import { parseDockerHost } from '../../../src/core/deploy/docker/dockerHost';
import { DockerTarget } from '../../../src/core/deploy/docker/dockerTarget';
import { sparePort } from '../../../src/core/deploy/localPorts';
import { scoringExchange } from '../../../src/core/deploy/scoringHttp';
import { type DockerTestEnv, dockerTestEnv } from './dockerTestEnv';
import { removeTestDeployments, scoringImage } from './scoringImages';

const PREFIX = `ie${process.pid}-`;
const policy: RolloutPolicy = { healthTimeoutMs: 20_000, autoRollback: true, revisionHistoryLimit: 5 };
const call = (overrides: Partial<RolloutPolicy> = {}, signal = AbortSignal.timeout(60_000)) => ({ signal, policy: { ...policy, ...overrides } });
const quick = () => ({ signal: AbortSignal.timeout(30_000) });

async function ping(port: number): Promise<string> {
  try {
    const answer = await scoringExchange({ url: `http://127.0.0.1:${port}/ping`, method: 'GET', timeoutMs: 2_000, signal: AbortSignal.timeout(5_000) });
    return answer.status === 200 ? answer.body : `status ${answer.status}`;
  } catch {
    return 'no answer';
  }
}

function table(summary: DeploymentSummary): string[] {
  return summary.revisions.map((r) => `${r.revision}${r.current ? '*' : ''} ${r.status}${r.served ? '' : ' failed'}`);
}

async function rejection(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('docker deployment target: failures and limits (real engine)', function () {
  this.timeout(180_000);
  let env: DockerTestEnv;
  let target: DockerTarget;
  let v1: string;
  let v2: string;

  before(async () => {
    env = await dockerTestEnv();
    target = new DockerTarget(env.host);
    v1 = await scoringImage(env.docker, env.busyboxImage, { version: 'v1' });
    v2 = await scoringImage(env.docker, env.busyboxImage, { version: 'v2' });
  });

  after(async () => {
    if (env) await removeTestDeployments(env.docker, PREFIX);
  });

  it('says the engine is not running and what to do, for every call', async () => {
    const down = new DockerTarget(parseDockerHost('unix:///tmp/mlops-no-such-docker.sock'));
    const expected = 'The Docker engine at unix:///tmp/mlops-no-such-docker.sock is not running: there is no socket /tmp/mlops-no-such-docker.sock. Start Docker (or dockerd), or point MLOps Studio at a running engine (setting mlops.docker.host, DOCKER_HOST, or --docker-host).';
    for (const work of [down.check(quick()), down.list(quick()), down.deploy({ name: `${PREFIX}down`, image: v1, model: null }, call()), down.rollback(`${PREFIX}down`, 1, call())]) {
      const error = await rejection(work);
      assert.ok(error instanceof DeployError);
      assert.equal(error.code, 'TARGET_UNAVAILABLE');
      assert.equal(error.message, expected);
    }
  });

  it('starts the old revision again when the new one fails after the switch', async () => {
    const name = `${PREFIX}switch`;
    const port = await sparePort();
    const failsOnPort = await scoringImage(env.docker, env.busyboxImage, { version: 'v2', failOnPort: port });
    await target.deploy({ name, image: v1, model: null, port }, call());
    const error = await rejection(target.deploy({ name, image: failsOnPort, model: null }, call()));
    assert.ok(error instanceof DeployError);
    assert.equal(error.code, 'START_FAILED');
    assert.match(error.message, new RegExp(`^Revision 2 of '${name}' passed its trial on port \\d+ but on port ${port} it exited with code 4 before it answered .* Its log says: ERROR: cannot serve on port ${port} Revision 1 was started again and serves\\.$`));
    assert.equal(await ping(port), 'v1');
    assert.deepEqual(table(await target.history(name, quick())), ['2 stopped failed', '1* healthy']);
  });

  it('leaves a failed revision running for inspection when automatic rollback is off; the current one still serves', async () => {
    const name = `${PREFIX}manual`;
    const port = await sparePort();
    const unhealthy = await scoringImage(env.docker, env.busyboxImage, { version: 'v3', mode: 'unhealthy' });
    await target.deploy({ name, image: v1, model: null, port }, call());
    const error = await rejection(target.deploy({ name, image: unhealthy, model: null }, call({ autoRollback: false, healthTimeoutMs: 2_000 })));
    assert.match(error.message, /Revision 1 keeps serving on port \d+; revision 2 is left running on port (\d+) for inspection \(automatic rollback is off\)\./);
    const trialPort = Number(/left running on port (\d+)/.exec(error.message)?.[1]);
    assert.equal(await ping(trialPort), 'status 503');
    assert.equal(await ping(port), 'v1');
    assert.deepEqual(table(await target.history(name, quick())), ['2 unhealthy failed', '1* healthy']);
    const refused = await rejection(target.rollback(name, 2, call()));
    assert.equal(refused.message, `Revision 2 of '${name}' never passed its health check; roll back to a revision that served.`);
  });

  it('keeps the current revision and the newest others up to the history limit, removing older stopped ones', async () => {
    const name = `${PREFIX}limit`;
    const port = await sparePort();
    for (const image of [v1, v2, v1, v2]) await target.deploy({ name, image, model: null, port }, call({ revisionHistoryLimit: 2 }));
    assert.deepEqual(table(await target.history(name, quick())), ['4* healthy', '3 stopped', '2 stopped']);
    const error = await rejection(target.rollback(name, 1, call()));
    assert.equal(error.message, `'${name}' has no revision 1: the kept revisions are 2, 3, 4 (mlops.deploy.revisionHistoryLimit).`);
    const result = await target.rollback(name, 2, call({ revisionHistoryLimit: 2 }));
    assert.equal(result.revision.rollbackOf, 2);
    assert.equal(await ping(port), 'v2');
    assert.deepEqual(table(await target.history(name, quick())), ['5* healthy', '4 stopped', '3 stopped']);
    const already = await rejection(target.rollback(name, 5, call()));
    assert.equal(already.message, `Revision 5 is already the current revision of '${name}'.`);
  });

  it('moves to another port with the old revision serving until the new one does', async () => {
    const name = `${PREFIX}move`;
    const [first, second] = [await sparePort(), await sparePort()];
    await target.deploy({ name, image: v1, model: null, port: first }, call());
    await target.deploy({ name, image: v2, model: null, port: second }, call());
    assert.equal(await ping(second), 'v2');
    assert.equal(await ping(first), 'no answer', 'the old revision stops once the new one serves');
  });

  it('cancels a rollout on trial without a trace; the current revision keeps serving', async () => {
    const name = `${PREFIX}cancel`;
    const port = await sparePort();
    const unhealthy = await scoringImage(env.docker, env.busyboxImage, { version: 'v3', mode: 'unhealthy' });
    await target.deploy({ name, image: v1, model: null, port }, call());
    const controller = new AbortController();
    const deploying = target.deploy({ name, image: unhealthy, model: null }, { signal: controller.signal, policy, onProgress: (step) => step.step === 'waitingHealthy' && controller.abort() });
    const error = await rejection(deploying);
    assert.ok(isAbortError(error), `expected a cancellation, got ${error.message}`);
    assert.equal(await ping(port), 'v1');
    assert.deepEqual(table(await target.history(name, quick())), ['1* healthy']);
  });

  it('refuses a rollout while another one of the same deployment is under way (its candidate exists)', async () => {
    const name = `${PREFIX}race`;
    const port = await sparePort();
    await target.deploy({ name, image: v1, model: null, port }, call());
    // What a concurrent rollout of revision 2 holds: the candidate container's name.
    const other = await env.docker.createContainer({ name: `mlops-${name}-r2-candidate`, Image: v2 });
    try {
      const error = await rejection(target.deploy({ name, image: v2, model: null }, call()));
      assert.equal((error as DeployError).code, 'CONFLICT');
      assert.match(error.message, new RegExp(`^Revision 2 of '${name}' is being deployed already \\(container mlops-${name}-r2-candidate exists\\)\\.`));
    } finally {
      await other.remove({ force: true });
    }
    assert.equal(await ping(port), 'v1');
  });

  it('reports changes to deployments as engine events', async () => {
    const name = `${PREFIX}events`;
    let changes = 0;
    let failure: unknown;
    const watch = target.watch(() => changes++, (error) => (failure = error));
    try {
      await target.deploy({ name, image: v1, model: null, port: await sparePort() }, call());
      const deadline = Date.now() + 10_000;
      while (changes === 0 && Date.now() < deadline) await target.history(name, quick());
      assert.ok(changes > 0, 'no event arrived');
    } finally {
      watch.dispose();
    }
    assert.equal(failure, undefined);
  });
});
