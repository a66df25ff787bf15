import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { DeploymentSummary, RolloutPolicy, RolloutStep } from '../../../src/core/deploy/deploymentTarget';
import { DockerTarget } from '../../../src/core/deploy/docker/dockerTarget';
import { sparePort } from '../../../src/core/deploy/localPorts';
import { scoringExchange } from '../../../src/core/deploy/scoringHttp';
import { waitFor } from '../../support/waitFor';
import { type DockerTestEnv, dockerTestEnv } from './dockerTestEnv';
import { removeTestDeployments, scoringImage } from './scoringImages';
import { deployRejection } from './deployRejection';

const PREFIX = `it${process.pid}-`;
const policy: RolloutPolicy = { healthTimeoutMs: 20_000, autoRollback: true, revisionHistoryLimit: 5 };
const call = (overrides: Partial<RolloutPolicy> = {}, onProgress?: (step: RolloutStep) => void) => ({
  signal: AbortSignal.timeout(60_000),
  policy: { ...policy, ...overrides },
  onProgress,
});
const signal = () => ({ signal: AbortSignal.timeout(30_000) });

/** What `GET /ping` on `port` answers: the serving revision's version, or why nothing does. */
async function ping(port: number): Promise<string> {
  try {
    const answer = await scoringExchange({ url: `http://127.0.0.1:${port}/ping`, method: 'GET', timeoutMs: 2_000, signal: AbortSignal.timeout(5_000) });
    return answer.status === 200 ? answer.body : `status ${answer.status}`;
  } catch (error) {
    return `no answer (${(error as Error).message})`;
  }
}

function table(summary: DeploymentSummary): string[] {
  return summary.revisions.map((r) => `${r.revision}${r.current ? '*' : ''} ${r.model?.version ?? '-'} ${r.status}${r.served ? '' : ' failed'}`);
}

describe('docker deployment target (real engine)', function () {
  this.timeout(180_000);
  let env: DockerTestEnv;
  let target: DockerTarget;
  const images: Record<string, string> = {};
  const model = (version: string) => ({ name: 'iris-classifier', version });

  before(async () => {
    env = await dockerTestEnv();
    target = new DockerTarget(env.host);
    for (const version of ['1', '2']) images[`v${version}`] = await scoringImage(env.docker, env.busyboxImage, { version: `v${version}`, model: model(version) });
    images.unhealthy = await scoringImage(env.docker, env.busyboxImage, { version: 'v3', mode: 'unhealthy', model: model('3') });
    images.crash = await scoringImage(env.docker, env.busyboxImage, { version: 'v4', mode: 'crash', model: model('4') });
  });

  after(async () => {
    if (env) await removeTestDeployments(env.docker, PREFIX);
  });

  describe('one deployment through its life', () => {
    const name = `${PREFIX}iris`;
    let port: number;

    before(async () => {
      port = await sparePort();
    });

    it('deploys v1: revision 1 serves on the port, labelled with model, version, digest and cause', async () => {
      const result = await target.deploy({ name, image: images.v1, model: null, port, changeCause: 'first release' }, call());
      assert.equal(await ping(port), 'v1');
      assert.equal(result.revision.revision, 1);
      assert.equal(result.previous, null);
      assert.deepEqual(result.revision.model, { name: 'iris-classifier', version: '1', runId: null }, 'the model comes from the image labels');
      assert.match(result.revision.image.digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(result.revision.image.reference, images.v1);
      assert.equal(result.revision.changeCause, 'first release');
      assert.deepEqual(table(await target.history(name, signal())), ['1* 1 healthy']);
    });

    it('deploys v2: v1 keeps serving while v2 is on trial, then v2 serves', async () => {
      const duringTrial: string[] = [];
      const trial = async (step: RolloutStep) => {
        if (step.step === 'waitingHealthy') duringTrial.push(await ping(port));
      };
      const pending: Promise<void>[] = [];
      const result = await target.deploy({ name, image: images.v2, model: model('2') }, call({}, (step) => pending.push(trial(step))));
      await Promise.all(pending);
      assert.deepEqual(duringTrial, ['v1']);
      assert.equal(await ping(port), 'v2');
      assert.equal(result.revision.revision, 2);
      assert.equal(result.revision.port, port, 'a deploy without a port keeps the deployment\'s');
      assert.equal(result.previous?.revision, 1);
      assert.equal(result.revision.changeCause, `Deploy iris-classifier v2 (${images.v2})`);
      assert.deepEqual(table(await target.history(name, signal())), ['2* 2 healthy', '1 1 stopped']);
    });

    it('rolls back to the previous revision as a new revision 3 with v1\'s spec', async () => {
      const result = await target.rollback(name, undefined, call());
      assert.equal(await ping(port), 'v1');
      assert.equal(result.revision.revision, 3);
      assert.equal(result.revision.rollbackOf, 1);
      assert.equal(result.revision.changeCause, 'Rolled back to revision 1 (first release)');
      assert.deepEqual(table(await target.history(name, signal())), ['3* 1 healthy', '2 2 stopped', '1 1 stopped']);
    });

    it('keeps v1 serving when a new revision fails its health check, rolls back and says why with the last log lines', async () => {
      const error = await deployRejection(target.deploy({ name, image: images.unhealthy, model: model('3') }, call({ healthTimeoutMs: 3_000 })));
      assert.equal(error.code, 'UNHEALTHY');
      assert.match(error.message, /^Revision 4 of '.*iris' \(iris-classifier v3\) did not answer GET http:\/\/127\.0\.0\.1:\d+\/ping with 200 within 3 s\. Revision 3 keeps serving on port \d+; revision 4 was stopped/);
      assert.ok(error.message.includes(`port ${port}`));
      assert.match(error.message, /Its log says: ERROR: model failed to load: boom$/);
      assert.ok(error.logTail.includes('ERROR: model failed to load: boom'), error.logTail.join('\n'));
      assert.equal(await ping(port), 'v1');
      assert.deepEqual(table(await target.history(name, signal())), ['4 3 stopped failed', '3* 1 healthy', '2 2 stopped', '1 1 stopped']);
    });

    it('reports a container that exits at start at once, with its last log lines; v1 keeps serving', async () => {
      const started = Date.now();
      const error = await deployRejection(target.deploy({ name, image: images.crash, model: null }, call({ healthTimeoutMs: 30_000 })));
      assert.ok(Date.now() - started < 15_000, 'an exit is noticed before the health timeout');
      assert.equal(error.code, 'START_FAILED');
      assert.match(error.message, /^Revision 5 of '.*iris' \(iris-classifier v4\) exited with code 3 before it answered GET .*\/ping\. Revision 3 keeps serving/);
      assert.match(error.message, /Its log says: RuntimeError: model file \/opt\/ml\/model\/MLmodel is missing$/);
      // stdout and stderr are separate pipes: the engine may log their lines in either order.
      assert.deepEqual(error.logTail.map((line) => line.replace(/port \d+/, 'port N')).sort(), [
        'RuntimeError: model file /opt/ml/model/MLmodel is missing',
        'Traceback (most recent call last):',
        'scoring server v4 starting on port N',
      ]);
      assert.equal(await ping(port), 'v1');
    });

    it('refuses a missing image before touching anything', async () => {
      const error = await deployRejection(target.deploy({ name, image: 'mlops-deploy-test/never-built:1', model: null }, call()));
      assert.equal(error.code, 'IMAGE_NOT_FOUND');
      assert.match(error.message, /^There is no image mlops-deploy-test\/never-built:1 on the Docker engine at unix:\/\/.*\. Build it first/);
      assert.equal(await ping(port), 'v1');
      assert.equal((await target.history(name, signal())).revisions.length, 5);
    });

    it('refuses a port another process listens on, naming the port; v1 keeps serving', async () => {
      const taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const takenPort = (taken.address() as net.AddressInfo).port;
      try {
        const error = await deployRejection(target.deploy({ name, image: images.v2, model: null, port: takenPort }, call()));
        assert.equal(error.code, 'PORT_IN_USE');
        assert.equal(error.message, `Port ${takenPort} of '${name}' is already in use before the switch: it is used by another process on this machine. Choose another port for the deployment, or stop what listens on ${takenPort}.`);
      } finally {
        taken.close();
      }
      assert.equal(await ping(port), 'v1');
    });

    it('reads everything back from the engine: a new target object sees the same history', async () => {
      const fresh = new DockerTarget(env.host);
      const before = await target.history(name, signal());
      const after = await fresh.history(name, signal());
      assert.deepEqual(after, before);
      assert.deepEqual((await fresh.list(signal())).filter((d) => d.name === name).map((d) => d.current?.revision), [3]);
    });

    it('answers a request and shows its log, tail and follow', async () => {
      const answer = await target.invoke(name, '{"inputs":[[5.1,3.5,1.4,0.2]]}', { signal: AbortSignal.timeout(10_000), timeoutMs: 5_000 });
      assert.equal(answer.status, 200);
      assert.equal(answer.contentType, 'application/json');
      assert.deepEqual(JSON.parse(answer.body), { version: 'v1', input: { inputs: [[5.1, 3.5, 1.4, 0.2]] } });
      let tail: string[] = [];
      // The engine copies the container's output to its log a moment after it is written.
      await waitFor('the request in the log', 10_000, async () => {
        tail = [];
        await target.logs(name, { signal: AbortSignal.timeout(10_000), tail: 50, follow: false, onLine: (line) => tail.push(line.text) });
        return tail.includes('POST /invocations');
      });
      assert.equal(tail[0], `scoring server v1 starting on port ${port}`);
      const followed: string[] = [];
      const following = new AbortController();
      const done = target.logs(name, { signal: following.signal, tail: 0, follow: true, onLine: (line) => followed.push(`${line.stream} ${line.text}`) });
      const deadline = Date.now() + 10_000;
      while (!followed.includes('stderr POST /invocations') && Date.now() < deadline) {
        await target.invoke(name, '[1]', { signal: AbortSignal.timeout(10_000), timeoutMs: 5_000 });
      }
      following.abort();
      await done;
      assert.ok(followed.includes('stderr POST /invocations'), followed.join('\n'));
    });

    it('stops, keeping the revisions, and removes', async () => {
      await target.stop(name, signal());
      assert.match(await ping(port), /^no answer/);
      assert.deepEqual(table(await target.history(name, signal())).slice(0, 2), ['5 4 stopped failed', '4 3 stopped failed']);
      assert.equal((await target.history(name, signal())).current?.status, 'stopped');
      const notServing = await deployRejection(target.invoke(name, '[]', { signal: AbortSignal.timeout(10_000), timeoutMs: 5_000 }));
      assert.equal(notServing.message, `'${name}' is not serving: revision 3 is stopped. Deploy or roll back first.`);
      await target.remove(name, signal());
      const gone = await deployRejection(target.history(name, signal()));
      assert.equal(gone.code, 'NOT_FOUND');
      assert.equal(gone.message, `There is no deployment '${name}' on the Docker engine ${env.host.uri}.`);
    });
  });
});
