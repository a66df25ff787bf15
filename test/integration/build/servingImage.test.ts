import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BuildProgress, type BuiltImage, IMAGE_LABELS, buildModelImage } from '../../../src/core/build';
import { decodeLogBuffer } from '../../../src/core/deploy/docker/logFrames';
import { sparePort } from '../../../src/core/deploy/localPorts';
import { makeTempDir } from '../../support/tempDir';
import { waitFor } from '../../support/waitFor';
import { type BuildTestEnv, buildTestEnv, rejection } from './buildTestEnv';
import { parsePrometheusText } from './prometheusText';
import { GIT_COMMIT, type TrainedModel, trainedModel } from './trainedModel';

async function http(url: string, body?: unknown): Promise<{ status: number; text: string; type: string }> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') ?? '' };
}

describe('serving image of a real MLflow model (real engine and registries)', function () {
  // The first build on a fresh engine installs MLflow and its dependencies: minutes on two cores.
  this.timeout(20 * 60_000);
  let env: BuildTestEnv;
  let model: TrainedModel;
  let built: BuiltImage;
  const progress: BuildProgress[] = [];
  const logLines: string[] = [];
  const containers: string[] = [];

  const services = (extra: Record<string, unknown> = {}) => ({ store: model.store, engine: env.engine, env: { ...process.env }, ...extra });

  before(async () => {
    env = await buildTestEnv();
    model = trainedModel();
    const started = Date.now();
    built = await buildModelImage(
      { model: { name: model.name, version: '1' }, registry: env.registry, baseImage: env.pythonImage },
      services({ onProgress: (p: BuildProgress) => progress.push(p), onLog: (line: string) => logLines.push(line) }),
    );
    const cached = logLines.filter((l) => l.includes('Using cache')).length;
    console.log(`      (serving image built in ${((Date.now() - started) / 1000).toFixed(1)} s, ${cached} steps from the layer cache)`);
  });

  after(async () => {
    for (const id of containers) await env.engine.docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  });

  it('tags <registry>/<model>:<version> and labels the image with model, version, run id, git commit and build time', async () => {
    assert.equal(built.reference, `${env.registry}/${model.name}:1`);
    const info = await env.engine.docker.getImage(built.reference).inspect();
    assert.equal(info.Id, built.imageId);
    const labels = info.Config.Labels ?? {};
    assert.equal(labels[IMAGE_LABELS.modelName], model.name);
    assert.equal(labels[IMAGE_LABELS.modelVersion], '1');
    assert.equal(labels[IMAGE_LABELS.runId], model.runId);
    assert.equal(labels[IMAGE_LABELS.gitCommit], GIT_COMMIT);
    assert.ok(Math.abs(Date.parse(labels[IMAGE_LABELS.buildTime]) - Date.now()) < 3600_000, `build time ${labels[IMAGE_LABELS.buildTime]}`);
    assert.deepEqual(built.model, { name: model.name, version: '1', runId: model.runId });
  });

  it('reports the phases in order, each build step with its fraction, and the engine output for the log', () => {
    const phases = progress.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
    assert.deepEqual(phases, ['check', 'resolve', 'context', 'build']);
    const steps = progress.filter((p) => p.phase === 'build' && p.message.startsWith('step '));
    assert.ok(steps.some((s) => /pip install -r/.test(s.message)), 'a step installs the requirements');
    const fractions = steps.map((s) => s.fraction ?? -1);
    assert.deepEqual([...fractions].sort((a, b) => a - b), fractions, 'fractions grow');
    assert.ok(fractions.every((f) => f >= 0 && f < 1));
    assert.ok(logLines.some((l) => /^Successfully tagged /.test(l)), 'the engine output reaches onLog');
  });

  it('installs the model requirements and MLflow on the chosen base image, from the package index pip uses here', async () => {
    const history = await env.engine.docker.getImage(built.imageId).history();
    const base = await env.engine.docker.getImage(env.pythonImage).inspect();
    assert.ok(history.some((layer: { Id: string }) => layer.Id === base.Id), `built FROM ${env.pythonImage}`);
    const requirements = fs.readFileSync(path.join(modelDir(model), 'requirements.txt'), 'utf8');
    const step = progress.find((p) => /pip install -r/.test(p.message));
    assert.ok(step, 'a build step installs the requirements');
    const installed = await runInImage(env, built.imageId, ['python', '-m', 'pip', 'freeze']);
    for (const pinned of requirements.split('\n').filter((line) => /==/.test(line))) {
      assert.ok(installed.split('\n').some((line) => line.trim().toLowerCase() === pinned.trim().toLowerCase()), `${pinned} is installed:\n${installed}`);
    }
  });

  describe('a container of the image', () => {
    let base: string;
    const expectedNames = () => model.predictions;
    const records = () => model.rows.map((row) => Object.fromEntries(model.features.map((f, i) => [f, row[i]])));

    before(async () => {
      const port = await sparePort();
      base = `http://127.0.0.1:${port}`;
      const container = await env.engine.docker.createContainer({
        Image: built.imageId,
        name: `mlops-build-it-${process.pid}`,
        Env: [`PORT=${port}`],
        HostConfig: { NetworkMode: 'host' },
      });
      containers.push(container.id);
      await container.start();
      await waitFor('the serving container to answer /ping', 180_000, async () => {
        const state = await container.inspect();
        if (!state.State.Running) {
          const logs = (await container.logs({ stdout: true, stderr: true, tail: 30 })).toString('utf8');
          throw new Error(`the serving container exited (${state.State.ExitCode}):\n${logs}`);
        }
        return (await http(`${base}/ping`).catch(() => ({ status: 0 }))).status === 200;
      });
    });

    it('answers GET /ping, /health and /version (MLflow\'s scoring server)', async () => {
      assert.equal((await http(`${base}/ping`)).status, 200);
      assert.equal((await http(`${base}/health`)).status, 200);
      const version = await http(`${base}/version`);
      assert.equal(version.status, 200);
      const saved = /^mlflow_version: (\S+)$/m.exec(fs.readFileSync(path.join(modelDir(model), 'MLmodel'), 'utf8'))?.[1];
      assert.equal(version.text.trim(), saved, 'the MLflow that saved the model serves it');
    });

    it('predicts what the model predicts, for dataframe_split, dataframe_records, instances and inputs', async () => {
      const bodies = {
        dataframe_split: { dataframe_split: { columns: model.features, data: model.rows } },
        dataframe_records: { dataframe_records: records() },
        instances: { instances: records() },
        inputs: { inputs: Object.fromEntries(model.features.map((f, i) => [f, model.rows.map((row) => row[i])])) },
      };
      for (const [format, body] of Object.entries(bodies)) {
        const answer = await http(`${base}/invocations`, body);
        assert.equal(answer.status, 200, `${format}: ${answer.text}`);
        assert.deepEqual((JSON.parse(answer.text) as { predictions: number[] }).predictions, expectedNames(), format);
      }
      const bad = await http(`${base}/invocations`, { columns: model.features });
      assert.equal(bad.status, 400, 'a body in no known format is refused by MLflow');
    });

    it('serves GET /metrics in Prometheus text: requests by status code, a latency histogram, errors, model labels', async () => {
      const before = parsePrometheusText((await http(`${base}/metrics`)).text);
      const count = (samples: typeof before, status: string) =>
        samples.find((s) => s.name === 'mlops_model_requests_total' && s.labels.path === '/invocations' && s.labels.status === status && s.labels.method === 'POST')?.value ?? 0;
      await http(`${base}/invocations`, { dataframe_split: { columns: model.features, data: model.rows } });
      await http(`${base}/invocations`, { dataframe_split: { columns: model.features, data: model.rows } });
      await http(`${base}/invocations`, { nothing: true });
      const metrics = await http(`${base}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(metrics.type, /^text\/plain; version=0\.0\.4/);
      const samples = parsePrometheusText(metrics.text);
      assert.equal(count(samples, '200') - count(before, '200'), 2);
      assert.equal(count(samples, '400') - count(before, '400'), 1);
      for (const sample of samples) {
        assert.equal(sample.labels.model, model.name, `${sample.name} has the model label`);
        assert.equal(sample.labels.version, '1', `${sample.name} has the version label`);
      }
      const errors = samples.find((s) => s.name === 'mlops_model_errors_total' && s.labels.path === '/invocations' && s.labels.kind === 'client');
      assert.ok(errors && errors.value >= 1, 'client errors are counted');
      const buckets = samples.filter((s) => s.name === 'mlops_model_request_duration_seconds_bucket' && s.labels.path === '/invocations');
      assert.ok(buckets.length >= 2 && buckets[buckets.length - 1].labels.le === '+Inf');
      for (let i = 1; i < buckets.length; i += 1) assert.ok(buckets[i].value >= buckets[i - 1].value, 'buckets are cumulative');
      const total = samples.find((s) => s.name === 'mlops_model_request_duration_seconds_count' && s.labels.path === '/invocations');
      assert.equal(buckets[buckets.length - 1].value, total?.value);
      const invocations = samples.filter((s) => s.name === 'mlops_model_requests_total' && s.labels.path === '/invocations').reduce((sum, s) => sum + s.value, 0);
      assert.equal(total?.value, invocations, 'every answered request is timed');
      const info = samples.find((s) => s.name === 'mlops_model_info');
      assert.equal(info?.labels.run_id, model.runId);
    });
  });

  it('pushes to the registry, and the image comes back by its digest', async () => {
    const pushed = await buildModelImage(
      { model: { name: model.name, version: '1' }, registry: env.registry, baseImage: env.pythonImage, push: true },
      services(),
    );
    assert.match(pushed.repoDigest ?? '', new RegExp(`^${env.registry.replace(/\./g, '\\.')}/${model.name}@sha256:[0-9a-f]{64}$`));
    const digest = (pushed.repoDigest ?? '').split('@')[1];
    const manifest = await http(`http://${env.registry}/v2/${model.name}/manifests/${digest}`);
    assert.equal(manifest.status, 200, 'the registry holds the manifest under that digest');
    const stream = await env.engine.docker.pull(pushed.repoDigest ?? '');
    await new Promise((resolve, reject) => env.engine.docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve(undefined))));
    const pulled = await env.engine.docker.getImage(pushed.repoDigest ?? '').inspect();
    assert.equal(pulled.Id, pushed.imageId);
    assert.ok(pulled.RepoDigests.includes(pushed.repoDigest ?? ''));
  });

  describe('a registry that requires a login', () => {
    const request = () => ({ model: { name: model.name, version: '1' }, registry: env.authRegistry, baseImage: env.pythonImage, push: true });

    it('refuses a push without credentials, and the error names the registry and what to do', async () => {
      const empty = makeTempDir('docker-config');
      try {
        const error = await rejection(buildModelImage(request(), services({ env: { ...process.env, DOCKER_CONFIG: empty.dir } })));
        assert.equal(error.code, 'PUSH_DENIED');
        assert.match(error.message, new RegExp(`registry ${env.authRegistry.replace(/\./g, '\\.')} refused the push`));
        assert.match(error.message, /no credentials were sent/);
        assert.match(error.message, /docker login/);
      } finally {
        empty.cleanup();
      }
    });

    it('refuses wrong credentials with a message that says to check them', async () => {
      const error = await rejection(buildModelImage(request(), services({ registryCredentials: { username: env.login.username, password: 'wrong' } })));
      assert.equal(error.code, 'PUSH_DENIED');
      assert.match(error.message, /check the credentials from the given credentials/);
    });

    it('accepts the given credentials', async () => {
      const pushed = await buildModelImage(request(), services({ registryCredentials: env.login }));
      assert.match(pushed.repoDigest ?? '', /@sha256:[0-9a-f]{64}$/);
    });

    it('accepts the login in the Docker config folder (DOCKER_CONFIG/config.json)', async () => {
      const config = makeTempDir('docker-config');
      try {
        const auth = Buffer.from(`${env.login.username}:${env.login.password}`).toString('base64');
        fs.writeFileSync(path.join(config.dir, 'config.json'), JSON.stringify({ auths: { [env.authRegistry]: { auth } } }));
        const pushed = await buildModelImage(request(), services({ env: { ...process.env, DOCKER_CONFIG: config.dir } }));
        assert.match(pushed.repoDigest ?? '', /@sha256:[0-9a-f]{64}$/);
      } finally {
        config.cleanup();
      }
    });
  });
});

/** What a command prints in a fresh container of the image (removed afterwards). */
async function runInImage(env: BuildTestEnv, image: string, cmd: string[]): Promise<string> {
  const container = await env.engine.docker.createContainer({ Image: image, Cmd: cmd, HostConfig: { NetworkMode: 'host' } });
  try {
    await container.start();
    const exit = (await container.wait()) as { StatusCode: number };
    const output = decodeLogBuffer(await container.logs({ stdout: true, stderr: true }))
      .map((line) => line.text)
      .join('\n');
    assert.equal(exit.StatusCode, 0, output);
    return output;
  } finally {
    await container.remove({ force: true });
  }
}

function modelDir(model: TrainedModel): string {
  const root = path.join(model.dir, 'mlruns');
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() ?? root;
    if (fs.existsSync(path.join(dir, 'MLmodel'))) return dir;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) stack.push(path.join(dir, entry.name));
  }
  throw new Error(`no MLmodel under ${root}`);
}
