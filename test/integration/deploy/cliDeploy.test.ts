import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeploymentSummary, RolloutResult } from '../../../src/core/deploy/deploymentTarget';
import { sparePort } from '../../../src/core/deploy/localPorts';
import { scoringExchange } from '../../../src/core/deploy/scoringHttp';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';
import { type DockerTestEnv, dockerTestEnv } from './dockerTestEnv';
import { removeTestDeployments, scoringImage } from './scoringImages';
import { cli, cliJson, runMlops } from './cliProcess';

const PREFIX = `cli${process.pid}-`;
// A model name of this test alone, so the images the CLI finds by their labels are the ones made here.
const MODEL = `cli-iris-${process.pid}`;

/** What `GET /ping` on `port` answers: the serving revision's version, or why nothing does. */
async function ping(port: number): Promise<string> {
  try {
    const answer = await scoringExchange({ url: `http://127.0.0.1:${port}/ping`, method: 'GET', timeoutMs: 2_000, signal: AbortSignal.timeout(5_000) });
    return answer.status === 200 ? answer.body : `status ${answer.status}`;
  } catch (error) {
    return `no answer (${(error as Error).message})`;
  }
}

describe('mlops deploy, rollback and history (real engine)', function () {
  this.timeout(180_000);
  let env: DockerTestEnv;
  let dir: string;
  let cleanup: () => void;
  let port: number;
  let common: string[];
  const name = `${PREFIX}iris`;

  before(async () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run npm run build`);
    env = await dockerTestEnv();
    ({ dir, cleanup } = makeTempDir('cli-deploy'));
    for (const version of ['1', '2']) await scoringImage(env.docker, env.busyboxImage, { version: `v${version}`, model: { name: MODEL, version } });
    port = await sparePort();
    common = ['--target', 'docker', '--name', name, '--docker-host', env.host.uri, '--health-timeout', '30'];
  });

  after(async () => {
    if (env) await removeTestDeployments(env.docker, PREFIX);
    cleanup?.();
  });

  it('deploys v1 from the image labelled with that model version', async () => {
    const result = cliJson<RolloutResult & { deployment: string }>(await runMlops(['deploy', ...common, '--model', MODEL, '--version', '1', '--port', String(port), '--json'], dir));
    assert.equal(result.deployment, name);
    assert.equal(result.revision.revision, 1);
    assert.equal(result.previous, null);
    assert.deepEqual(result.revision.model, { name: MODEL, version: '1', runId: null });
    assert.match(result.revision.image.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(result.revision.port, port);
    assert.equal(await ping(port), 'v1');
  });

  it('deploys v2 as revision 2 on the same port, with its progress on stderr and a line of text on stdout', async () => {
    const result = await runMlops(['deploy', ...common, '--model', MODEL, '--version', '2', '--change-cause', 'new features'], dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^revision 2 of '${name}' serves ${MODEL} v2 on port ${port} \\(was revision 1, ${MODEL} v1\\): \\S+ sha256:[0-9a-f]{64}\\n$`));
    assert.match(result.stderr, /labelled as .* version 2/);
    assert.match(result.stderr, /waiting for revision 2 to answer/);
    assert.equal(await ping(port), 'v2');
  });

  it('rolls back to revision 1: a new revision 3 runs v1, which answers again', async () => {
    const result = cliJson<RolloutResult>(await runMlops(['rollback', ...common, '--to-revision', '1', '--json'], dir));
    assert.equal(result.revision.revision, 3);
    assert.equal(result.revision.rollbackOf, 1);
    assert.equal(result.revision.model?.version, '1');
    assert.equal(result.previous?.revision, 2);
    assert.equal(await ping(port), 'v1');
    const answer = await scoringExchange({ url: `http://127.0.0.1:${port}/invocations`, method: 'POST', body: '{"inputs":[[1]]}', timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });
    assert.deepEqual(JSON.parse(answer.body), { version: 'v1', input: { inputs: [[1]] } });
  });

  it('shows three revisions in the history, newest first, the rollback current', async () => {
    const summary = cliJson<DeploymentSummary>(await runMlops(['history', '--target', 'docker', '--name', name, '--docker-host', env.host.uri, '--json'], dir));
    assert.deepEqual(
      summary.revisions.map((r) => [r.revision, r.current, r.status, r.model?.version, r.changeCause]),
      [
        [3, true, 'healthy', '1', 'Rolled back to revision 1 (Deploy ' + `${MODEL} v1 (${summary.revisions[2].image.reference}))`],
        [2, false, 'stopped', '2', 'new features'],
        [1, false, 'stopped', '1', `Deploy ${MODEL} v1 (${summary.revisions[2].image.reference})`],
      ],
    );
    assert.equal(summary.current?.revision, 3);
    const table = await runMlops(['history', '--name', name, '--docker-host', env.host.uri], dir);
    assert.equal(table.status, 0, table.stderr);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0], /^REVISION\s+CURRENT\s+STATUS\s+MODEL\s+VERSION\s+PORT\s+IMAGE\s+DIGEST\s+CREATED\s+CHANGE CAUSE$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 5)), [
      ['3', '*', 'healthy', MODEL, '1'],
      ['2', 'stopped', MODEL, '2', String(port)],
      ['1', 'stopped', MODEL, '1', String(port)],
    ]);
  });

  it('rolls back without --to-revision to the previous revision (v2)', async () => {
    const result = cliJson<RolloutResult>(await runMlops(['rollback', ...common, '--json'], dir));
    assert.equal(result.revision.revision, 4);
    assert.equal(result.revision.rollbackOf, 2);
    assert.equal(await ping(port), 'v2');
  });

  it('deploys the version an alias points at, read from the tracking store', async () => {
    const uri = `sqlite:///${path.join(dir, 'mlflow.db')}`;
    runPython(path.join(repoRoot, 'test', 'integration', 'deploy', 'fixtures', 'register_aliased.py'), [uri, MODEL]);
    const result = cliJson<RolloutResult>(await runMlops(['deploy', ...common, '--model', MODEL, '--alias', 'champion', '--tracking-uri', uri, '--json'], dir));
    assert.equal(result.revision.revision, 5);
    assert.equal(result.revision.model?.version, '1');
    assert.equal(await ping(port), 'v1');
    const unknown = await runMlops(['deploy', ...common, '--model', MODEL, '--alias', 'nobody', '--tracking-uri', uri], dir);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^mlops: model "cli-iris-\d+" has no alias @nobody \(its aliases: @champion\)\.$/m);
  });

  it('fails with exit 1 and says why: a revision that is not kept, an unknown deployment, an engine that is not running, a version without an image that the store does not have', async () => {
    const missing = await runMlops(['rollback', ...common, '--to-revision', '9'], dir);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, new RegExp(`^mlops: '${name}' has no revision 9: the kept revisions are 1, 2, 3, 4, 5`));
    assert.equal(await ping(port), 'v1', 'the current revision keeps serving');
    const unknown = await runMlops(['history', '--name', `${PREFIX}nothing`, '--docker-host', env.host.uri], dir);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^mlops: There is no deployment 'cli\d+-nothing' on the Docker engine /);
    const down = await runMlops(['deploy', '--name', name, '--model', MODEL, '--version', '1', '--docker-host', `unix://${dir}/no-docker.sock`], dir);
    assert.equal(down.status, 1);
    assert.match(down.stderr, /^mlops: The Docker engine at unix:\/\/.*no-docker\.sock is not running: there is no socket .* Start Docker/);
    const noImage = await runMlops(['deploy', ...common, '--model', MODEL, '--version', '7', '--tracking-uri', `sqlite:///${dir}/mlflow.db`], dir);
    assert.equal(noImage.status, 1);
    assert.match(noImage.stderr, /no image on the engine is labelled as .* version 7: building one/);
    assert.match(noImage.stderr, /^mlops: .*has no version 7 \(its versions: (1, 2|2, 1)\)$/m);
    assert.equal(await ping(port), 'v1', 'the current revision keeps serving');
  });

  it('rejects bad usage with exit 2', async () => {
    const both = await runMlops(['deploy', ...common, '--model', MODEL, '--version', '1', '--alias', 'champion'], dir);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /give exactly one of --version and --alias \(got both\)/);
    const badName = await runMlops(['history', '--name', 'Not_A_Name', '--docker-host', env.host.uri], dir);
    assert.equal(badName.status, 2);
    assert.match(badName.stderr, /"Not_A_Name" is not a valid deployment name/);
    const badPort = await runMlops(['deploy', ...common, '--model', MODEL, '--version', '1', '--port', '70000'], dir);
    assert.equal(badPort.status, 2);
    assert.match(badPort.stderr, /expected a port from 1 to 65535, got "70000"/);
    const badTarget = await runMlops(['history', '--target', 'mars', '--name', name], dir);
    assert.equal(badTarget.status, 2);
    assert.match(badTarget.stderr, /Allowed choices are docker/);
  });
});
