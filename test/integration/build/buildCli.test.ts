import * as assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/program';
import { IMAGE_LABELS } from '../../../src/core/build';
import { type BuildTestEnv, buildTestEnv } from './buildTestEnv';
import { type TrainedModel, trainedModel } from './trainedModel';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...process.env, ...env },
    cwd: process.cwd(),
    signal: AbortSignal.timeout(15 * 60_000),
  });
  return { code, stdout, stderr };
}

describe('mlops build (real engine and registry)', function () {
  this.timeout(20 * 60_000);
  let env: BuildTestEnv;
  let model: TrainedModel;
  const common = () => ['--tracking-uri', model.trackingUri, '--docker-host', env.engine.host.uri];

  before(async () => {
    env = await buildTestEnv();
    model = trainedModel();
  });

  it('builds the version an alias names, pushes it and prints the result as JSON', async () => {
    const result = await cli(['build', '--model', model.name, '--alias', 'champion', '--registry', env.registry, '--base-image', env.pythonImage, '--push', '--json', ...common()]);
    assert.equal(result.code, 0, result.stderr);
    const built = JSON.parse(result.stdout) as { reference: string; repoDigest: string; model: { version: string }; labels: Record<string, string> };
    assert.equal(built.reference, `${env.registry}/${model.name}:2`);
    assert.equal(built.model.version, '2');
    assert.equal(built.labels[IMAGE_LABELS.modelVersion], '2');
    assert.match(built.repoDigest, /@sha256:[0-9a-f]{64}$/);
    assert.match(result.stderr, /mlops: finding model "iris-classifier-it" @champion/);
    assert.match(result.stderr, /mlops: step \d+\/\d+: FROM mlops-base\/python:3\.11/);
    assert.match(result.stderr, /mlops: pushing /);
  });

  it('takes a models:/ URI and --tag, and prints the reference and image id without --json', async () => {
    const tag = `mlops-build-it/cli:${process.pid}`;
    try {
      const result = await cli(['build', '--model', `models:/${model.name}/1`, '--tag', tag, '--base-image', env.pythonImage, ...common()]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^${tag.replace(/\//g, '\\/')}\\tsha256:[0-9a-f]{64}\\n$`));
    } finally {
      await env.engine.docker.getImage(tag).remove().catch(() => undefined);
    }
  });

  it('exits 2 for a usage error: neither or both of --version and --alias', async () => {
    const neither = await cli(['build', '--model', model.name, ...common()]);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /give exactly one of --version and --alias, or a models:\/ URI as --model \(got neither\)/);
    const both = await cli(['build', '--model', model.name, '--version', '1', '--alias', 'champion', ...common()]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /\(got both\)/);
    const uriAndVersion = await cli(['build', '--model', `models:/${model.name}/1`, '--version', '1', ...common()]);
    assert.equal(uriAndVersion.code, 2);
    assert.match(uriAndVersion.stderr, /names the version already/);
  });

  it('exits 1 and names the cause when the engine is not running or a push is refused', async () => {
    const down = await cli(['build', '--model', model.name, '--version', '1', '--tracking-uri', model.trackingUri, '--docker-host', 'unix:///nonexistent/docker.sock']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /mlops: cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock: ENOENT; start Docker/);
    const refused = await cli(
      ['build', '--model', model.name, '--version', '1', '--registry', env.authRegistry, '--base-image', env.pythonImage, '--push', ...common()],
      { MLOPS_REGISTRY_USERNAME: env.login.username, MLOPS_REGISTRY_PASSWORD: 'wrong' },
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`mlops: the registry ${env.authRegistry.replace(/\./g, '\\.')} refused the push`));
    assert.equal(refused.stdout, '');
  });
});
