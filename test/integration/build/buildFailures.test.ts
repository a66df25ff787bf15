import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BuildProgress, type BuildRequest, type BuildServices, buildModelImage, connectDockerEngine } from '../../../src/core/build';
import { sparePort } from '../../../src/core/deploy/localPorts';
import { makeTempDir } from '../../support/tempDir';
import { waitFor } from '../../support/waitFor';
import { type BuildTestEnv, buildTestEnv, rejection } from './buildTestEnv';
import { type TrainedModel, trainedModel } from './trainedModel';

describe('image builds: workspace Dockerfiles and failures (real engine)', function () {
  this.timeout(5 * 60_000);
  let env: BuildTestEnv;
  let model: TrainedModel;
  let workspace: { dir: string; cleanup: () => void };
  const tag = (what: string) => `mlops-build-it/${what}:${process.pid}`;

  const services = (extra: Partial<BuildServices> = {}): BuildServices => ({ store: model.store, engine: env.engine, env: { ...process.env }, ...extra });
  const request = (dockerfile: string, extra: Partial<BuildRequest> = {}): BuildRequest => ({
    model: { name: model.name, version: '2' },
    tag: tag(path.basename(dockerfile).toLowerCase()),
    dockerfile: path.join(workspace.dir, dockerfile),
    noCache: true,
    ...extra,
  });
  const writeDockerfile = (name: string, lines: string[]) => fs.writeFileSync(path.join(workspace.dir, name), [`FROM ${env.busyboxImage}`, ...lines, ''].join('\n'));

  before(async () => {
    env = await buildTestEnv();
    model = trainedModel();
    workspace = makeTempDir('build-workspace');
  });

  after(async () => {
    workspace.cleanup();
    const images = await env.engine.docker.listImages({ filters: { reference: ['mlops-build-it/*'] } });
    for (const image of images) await env.engine.docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
  });

  it('builds a workspace Dockerfile instead of the generated one, with the model under .mlops/ and the .dockerignore honoured', async () => {
    fs.writeFileSync(path.join(workspace.dir, 'app.txt'), 'sent');
    fs.writeFileSync(path.join(workspace.dir, 'secret.env'), 'TOKEN=not for the image');
    fs.mkdirSync(path.join(workspace.dir, 'data'), { recursive: true });
    fs.writeFileSync(path.join(workspace.dir, 'data', 'big.csv'), 'a,b\n');
    fs.writeFileSync(path.join(workspace.dir, 'data', 'keep.csv'), 'kept\n');
    fs.writeFileSync(path.join(workspace.dir, '.dockerignore'), '# the build never needs these\n*.env\ndata\n!data/keep.csv\nCustom.Dockerfile\n');
    writeDockerfile('Custom.Dockerfile', [
      'ARG MLOPS_MODEL_VERSION',
      'COPY . /ctx',
      'RUN test -f /ctx/.mlops/model/MLmodel && test -f /ctx/.mlops/mlops_serve.py && test -f /ctx/app.txt',
      'RUN test ! -e /ctx/secret.env && test ! -e /ctx/data/big.csv && test -f /ctx/data/keep.csv',
      'RUN echo "version $MLOPS_MODEL_VERSION" > /version.txt',
    ]);
    const lines: string[] = [];
    const built = await buildModelImage(request('Custom.Dockerfile'), services({ onLog: (line) => lines.push(line) }));
    assert.equal(built.reference, tag('custom.dockerfile'));
    assert.ok(lines.some((l) => /^Step \d+\/\d+ : RUN test ! -e \/ctx\/secret\.env/.test(l)), `the workspace Dockerfile was built:\n${lines.join('\n')}`);
    const info = await env.engine.docker.getImage(built.imageId).inspect();
    assert.equal(info.Config.Labels?.['org.mlops-studio.model.version'], '2');
    assert.equal(info.Config.Labels?.['org.mlops-studio.model.name'], model.name);
  });

  it('fails a build whose RUN step fails with the engine\'s message and the step\'s output', async () => {
    writeDockerfile('Broken.Dockerfile', ['RUN echo "ERROR: the data folder is missing" && exit 3']);
    const error = await rejection(buildModelImage(request('Broken.Dockerfile'), services()));
    assert.equal(error.code, 'BUILD_FAILED');
    assert.match(error.message, /returned a non-zero code: 3/);
    assert.match(error.message, /at RUN echo "ERROR: the data folder is missing" && exit 3/);
    assert.match(error.message, /ERROR: the data folder is missing/);
    await assert.rejects(env.engine.docker.getImage(tag('broken.dockerfile')).inspect(), 'no image is tagged');
  });

  it('names the base image when FROM cannot be found or pulled', async () => {
    fs.writeFileSync(path.join(workspace.dir, 'Missing.Dockerfile'), 'FROM mlops-build-it/no-such-base:1\nRUN true\n');
    const error = await rejection(buildModelImage(request('Missing.Dockerfile'), services()));
    assert.equal(error.code, 'BUILD_FAILED');
    assert.match(error.message, /mlops-build-it\/no-such-base/);
    assert.match(error.message, /set mlops\.build\.baseImage/);
  });

  it('is cancelled by its AbortSignal while a step runs', async () => {
    writeDockerfile('Slow.Dockerfile', ['RUN sleep 120']);
    const controller = new AbortController();
    let slowStep = false;
    const onProgress = (p: BuildProgress) => {
      slowStep = p.message.includes('RUN sleep 120');
    };
    // The engine names the step's container once it runs: cancel then, so there is work to stop.
    const onLog = (line: string) => {
      if (slowStep && /^ ---> Running in [0-9a-f]+/.test(line)) controller.abort();
    };
    const error = await rejection(buildModelImage(request('Slow.Dockerfile'), services({ signal: controller.signal, onProgress, onLog })));
    assert.equal(error.code, 'CANCELLED');
    assert.ok(controller.signal.aborted, 'the build reached the slow step before it was cancelled');
    // The engine stops the step and removes its container once the request is dropped.
    await waitFor('the cancelled step\'s container to be removed', 60_000, async () => {
      const running = await env.engine.docker.listContainers({ all: true });
      return !running.some((c) => c.Command.includes('sleep 120'));
    });
  });

  it('says clearly that the Docker engine is not running (no socket)', async () => {
    const missing = path.join(workspace.dir, 'no-dockerd.sock');
    const error = await rejection(buildModelImage(request('Broken.Dockerfile'), services({ engine: connectDockerEngine({ setting: `unix://${missing}` }) })));
    assert.equal(error.code, 'ENGINE_UNREACHABLE');
    assert.equal(error.message, `cannot reach the Docker engine at unix://${missing}: ENOENT; start Docker or set DOCKER_HOST (or the mlops.docker.host setting)`);
  });

  it('says clearly that the Docker engine is not running (nothing listens on its tcp port)', async () => {
    const uri = `tcp://127.0.0.1:${await sparePort()}`;
    const error = await rejection(buildModelImage(request('Broken.Dockerfile'), services({ engine: connectDockerEngine({ setting: uri }) })));
    assert.equal(error.code, 'ENGINE_UNREACHABLE');
    assert.match(error.message, new RegExp(`^cannot reach the Docker engine at ${uri}: ECONNREFUSED; start Docker`));
  });

  it('names the model, version or alias that does not exist', async () => {
    const noModel = await rejection(buildModelImage({ model: { name: 'no-such-model', version: '1' } }, services()));
    assert.equal(noModel.code, 'MODEL_NOT_FOUND');
    assert.match(noModel.message, /has no registered model named "no-such-model"/);
    const noVersion = await rejection(buildModelImage({ model: { name: model.name, version: '9' } }, services()));
    assert.match(noVersion.message, /has no version 9 \(its versions: 1, 2\)/);
    const noAlias = await rejection(buildModelImage({ model: { name: model.name, alias: 'staging' } }, services()));
    assert.match(noAlias.message, /has no alias @staging \(its aliases: @champion\)/);
  });
});
