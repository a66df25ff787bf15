import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type MlflowServer, freePort, startMlflowServer } from '../../support/mlflowServer';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const writer = path.join(repoRoot, 'test', 'integration', 'parity', 'fixtures', 'write_store.py');

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function mlops(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: options.cwd ?? repoRoot, ...options.env };
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: options.cwd ?? repoRoot, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T = unknown>(result: CliResult): T {
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as T;
}

describe('mlops CLI on a store written by MLflow', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => void;
  let uri: string;

  before(() => {
    ({ dir, cleanup } = makeTempDir('cli'));
    uri = `sqlite:///${path.join(dir, 'mlflow.db')}`;
    runPython(writer, [uri]);
  });
  after(() => cleanup());

  it('finds ./mlflow.db by default, as MLflow does, and prints a table', () => {
    const result = mlops(['experiments', 'list'], { cwd: dir });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0], /^ID\s+NAME\s+STAGE\s+CREATED/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s{2,}/)[1]).sort(), ['Default', 'tabular/iris', 'vision']);
  });

  it('honours MLFLOW_TRACKING_URI and --view', () => {
    const deleted = json<{ name: string; experiment_id: string }[]>(
      mlops(['experiments', 'list', '--view', 'deleted', '--json'], { env: { MLFLOW_TRACKING_URI: uri } }),
    );
    assert.deepEqual(deleted.map((e) => e.name), ['abandoned']);
    assert.equal(typeof deleted[0].experiment_id, 'string');
  });

  it('searches runs with a filter, an ordering and a limit, in MLflow\'s JSON shape', () => {
    const runs = json<{ info: Record<string, unknown>; data: { metrics: Record<string, unknown> } }[]>(
      mlops(['runs', 'list', '--tracking-uri', uri, '--experiment', 'vision', '--filter', 'metrics.acc > 0', '--order-by', 'metrics.acc DESC', '--max-results', '2', '--json']),
    );
    assert.deepEqual(runs.map((r) => r.info.run_name), ['cnn-baseline', 'resnet-50']);
    assert.deepEqual(Object.keys(runs[0].info).sort(), [
      'artifact_uri', 'end_time', 'experiment_id', 'lifecycle_stage', 'run_id', 'run_name', 'start_time', 'status', 'user_id',
    ]);
    assert.equal(runs[0].data.metrics.nan_metric, 'NaN');
    assert.equal(runs[0].data.metrics.inf_metric, 'Infinity');
  });

  it('prints the page token when a limited listing has more runs', () => {
    const first = mlops(['runs', 'list', '--tracking-uri', uri, '--max-results', '3', '--json']);
    const token = /--page-token (\S+)/.exec(first.stderr)?.[1];
    assert.ok(token, first.stderr);
    const rest = json<{ info: { run_id: string } }[]>(mlops(['runs', 'list', '--tracking-uri', uri, '--page-token', token, '--json']));
    const all = json<{ info: { run_id: string } }[]>(mlops(['runs', 'list', '--tracking-uri', uri, '--json']));
    assert.deepEqual([...json<{ info: { run_id: string } }[]>(first), ...rest].map((r) => r.info.run_id), all.map((r) => r.info.run_id));
  });

  it('gets one run and a reduced metric history', () => {
    const [cnn] = json<{ info: { run_id: string } }[]>(mlops(['runs', 'list', '--tracking-uri', uri, '--filter', "run_name = 'cnn-baseline'", '--json']));
    const run = json<{ info: { status: string }; inputs: { dataset_inputs: unknown[] }; outputs: { model_outputs: unknown[] } }>(
      mlops(['runs', 'get', '--tracking-uri', uri, '--run-id', cnn.info.run_id, '--json']),
    );
    assert.equal(run.info.status, 'FINISHED');
    assert.equal(run.inputs.dataset_inputs.length, 2);
    assert.equal(run.outputs.model_outputs.length, 1);
    const history = json<{ step: number }[]>(
      mlops(['metrics', 'history', '--tracking-uri', uri, '--run-id', cnn.info.run_id, '--key', 'loss', '--max-points', '10', '--json']),
    );
    assert.ok(history.length <= 10 && history.length >= 5);
    assert.equal(history[0].step, 0);
    assert.equal(history[history.length - 1].step, 49);
    const table = mlops(['runs', 'get', '--tracking-uri', uri, '--run-id', cnn.info.run_id]);
    assert.match(table.stdout, /METRICS \(latest\)[\s\S]*nan_metric\s+NaN/);
  });

  it('lists registered models and datasets', () => {
    const models = json<{ name: string; aliases: Record<string, string>; versions: { version: string }[] }[]>(
      mlops(['models', 'list', '--tracking-uri', uri, '--json']),
    );
    const iris = models.find((m) => m.name === 'iris-classifier');
    assert.deepEqual(iris?.aliases, { champion: '2', challenger: '3' });
    assert.deepEqual(iris?.versions.map((v) => v.version), ['1', '2', '3']);
    const datasets = json<{ name: string; experiment_id: string; runs: unknown[] }[]>(mlops(['datasets', 'list', '--tracking-uri', uri, '--json']));
    // a dataset belongs to an experiment: iris-train was used in two
    assert.deepEqual(datasets.map((d) => `${d.name} ${d.runs.length}`).sort(), ['iris-eval 2', 'iris-train 1', 'iris-train 2']);
  });

  it('exits non-zero naming the URI and the cause', () => {
    const missing = mlops(['runs', 'list', '--tracking-uri', path.join(dir, 'nope')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, new RegExp(`${path.join(dir, 'nope')}.*(does not exist|no such|not found)`, 'i'));
    const badFilter = mlops(['runs', 'list', '--tracking-uri', uri, '--filter', 'metrics.acc > 1 OR params.x = 1']);
    assert.equal(badFilter.status, 1);
    assert.match(badFilter.stderr, /mlflow\.db.*Invalid clause/);
    const usage = mlops(['runs', 'list', '--max-results', 'many']);
    assert.equal(usage.status, 2);
  });

  it('says a server that does not answer cannot be reached', async () => {
    const port = await freePort();
    const result = mlops(['experiments', 'list', '--tracking-uri', `http://127.0.0.1:${port}`], {
      env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' },
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1:${port}.*(ECONNREFUSED|cannot connect)`));
  });
});

describe('mlops CLI against an MLflow server with authentication', function () {
  this.timeout(120_000);
  const password = 'Adm1n-password-for-tests';
  let server: MlflowServer;
  let cleanup: () => void;
  let home: string;

  before(async () => {
    const temp = makeTempDir('cli-auth');
    cleanup = temp.cleanup;
    home = temp.dir;
    server = await startMlflowServer(temp.dir, {
      args: ['--app-name', 'basic-auth'],
      env: { MLFLOW_AUTH_ADMIN_PASSWORD: password, MLFLOW_FLASK_SERVER_SECRET_KEY: 'test-secret' },
    });
  });
  after(async () => {
    await server?.stop();
    cleanup?.();
  });

  it('reports a 401 with what to set', () => {
    const result = mlops(['experiments', 'list', '--tracking-uri', server.url], { cwd: home });
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`${server.url.replace(/\./g, '\\.')}.*401`));
    assert.match(result.stderr, /MLFLOW_TRACKING_USERNAME|MLFLOW_TRACKING_TOKEN/);
  });

  it('signs in with MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, never echoing the password', () => {
    const result = mlops(['experiments', 'list', '--tracking-uri', server.url, '--json'], {
      cwd: home,
      env: { MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: password },
    });
    assert.deepEqual(json<{ name: string }[]>(result).map((e) => e.name), ['Default']);
    const wrong = mlops(['experiments', 'list', '--tracking-uri', server.url], {
      cwd: home,
      env: { MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: 'wrong-password' },
    });
    assert.equal(wrong.status, 1);
    assert.ok(!wrong.stderr.includes('wrong-password'));
  });

  it('reads ~/.mlflow/credentials as MLflow does', () => {
    fs.mkdirSync(path.join(home, '.mlflow'), { recursive: true });
    fs.writeFileSync(path.join(home, '.mlflow', 'credentials'), `[mlflow]\nmlflow_tracking_username = admin\nmlflow_tracking_password = ${password}\n`);
    const result = mlops(['experiments', 'list', '--tracking-uri', server.url, '--json'], { cwd: home, env: { HOME: home } });
    assert.deepEqual(json<{ name: string }[]>(result).map((e) => e.name), ['Default']);
  });
});
