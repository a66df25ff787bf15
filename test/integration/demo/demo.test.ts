import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerEntry } from '../../support/codeServer';
import { prepareDemoWorkspace, type DemoWorkspace } from '../../support/demoWorkspace';
import { runPython } from '../../support/python';
import { repoRoot } from '../../support/repoRoot';
import { makeTempDir } from '../../support/tempDir';
import { childEnvironments, startDemo } from './startDemo';

interface StoreRun {
  experiment: string;
  name: string;
  status: string;
  lifecycle_stage: string;
  end_time: number | null;
  tags: Record<string, string>;
  params: Record<string, string>;
  /** null for NaN and infinities */
  metrics: Record<string, number | null>;
  history_lengths: Record<string, number>;
  datasets: { name: string; digest: string; source: string; context: string }[];
  output_model_ids: string[];
}

interface DemoStore {
  experiments: { name: string; tags: Record<string, string> }[];
  runs: StoreRun[];
  registered_models: {
    name: string;
    tags: Record<string, string>;
    aliases: Record<string, number>;
    /** source is `models:/<logged model id>` */
    versions: { version: number; stage: string; run: string; source: string }[];
  }[];
}

const commitTag = 'mlflow.source.git.commit';
const storeReader = path.join(repoRoot, 'test', 'integration', 'demo', 'fixtures', 'read_demo_store.py');

function git(dir: string, args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout.trim() };
}

function md5(file: string): string {
  return createHash('md5').update(fs.readFileSync(file)).digest('hex');
}

describe('demo workspace (npm start)', function () {
  this.timeout(90_000);
  let temp: ReturnType<typeof makeTempDir>;
  let demo: DemoWorkspace;
  let store: DemoStore;

  before(() => {
    temp = makeTempDir('demo');
    demo = prepareDemoWorkspace(path.join(temp.dir, 'workspace'));
    store = JSON.parse(runPython(storeReader, [demo.dir])) as DemoStore;
  });
  after(() => temp?.cleanup());

  it('recreates the history of demo/history.json with the same hashes every time, ending in demo/workspace', () => {
    assert.equal(demo.commits.length, 4);
    assert.equal(git(demo.dir, ['rev-parse', 'HEAD']).stdout, demo.commits.at(-1)?.hash);
    assert.equal(git(demo.dir, ['status', '--porcelain', '--untracked-files=all']).stdout, '');
    const again = prepareDemoWorkspace(path.join(temp.dir, 'again'));
    assert.deepEqual(again.commits, demo.commits);
  });

  it('has the experiments, runs and registered models the demo README promises', () => {
    const experiments = new Map(store.experiments.map((e) => [e.name, e]));
    assert.equal(experiments.get('iris-classifier')?.tags.team, 'botany-ml');
    assert.equal(experiments.get('churn-model')?.tags.team, 'growth');
    const iris = store.runs.filter((r) => r.experiment === 'iris-classifier');
    assert.equal(iris.length, 12);
    assert.equal(store.runs.filter((r) => r.experiment === 'churn-model').length, 6);
    assert.deepEqual(new Set(store.runs.map((r) => r.status)), new Set(['FINISHED', 'FAILED', 'KILLED', 'RUNNING']));
    const running = store.runs.filter((r) => r.status === 'RUNNING');
    assert.equal(running.length, 1);
    assert.equal(running[0].end_time, null);
    assert.deepEqual(store.runs.filter((r) => r.lifecycle_stage === 'deleted').map((r) => r.name), ['debug-split']);
    assert.ok(iris.filter((r) => (r.metrics.accuracy ?? 0) > 0.9).length >= 5, 'the README filter metrics.accuracy > 0.9 finds runs');
    for (const run of store.runs.filter((r) => r.status === 'FINISHED')) {
      const longest = Math.max(...Object.values(run.history_lengths));
      assert.ok(longest >= 50 && longest <= 300, `${run.name} has a ${longest}-step curve`);
      assert.equal(run.output_model_ids.length, 1, `${run.name} outputs a logged model`);
    }
    assert.ok(iris.every((r) => 'train/loss' in r.metrics && r.tags['mlflow.source.name'] === 'train.py'));
  });

  it('records dataset versions of data/iris.csv for training and validation', () => {
    const inputs = store.runs.flatMap((r) => r.datasets).filter((d) => d.name.startsWith('iris-'));
    assert.ok(inputs.every((d) => JSON.parse(d.source).uri === 'data/iris.csv'));
    assert.deepEqual(new Set(inputs.map((d) => d.context)), new Set(['training', 'validation']));
    assert.ok(new Set(inputs.filter((d) => d.name === 'iris-train').map((d) => d.digest)).size >= 2);
  });

  it('registers versions from runs with stages and the aliases champion and challenger', () => {
    const iris = store.registered_models.find((m) => m.name === 'iris-classifier');
    assert.ok(iris, 'iris-classifier is registered');
    assert.deepEqual(iris.aliases, { champion: 3, challenger: 4 });
    assert.deepEqual(iris.versions.map((v) => v.stage), ['Archived', 'Archived', 'Production', 'Staging']);
    assert.ok(store.registered_models.some((m) => m.name === 'churn-predictor'));
    const runs = new Map(store.runs.map((r) => [r.name, r]));
    for (const version of store.registered_models.flatMap((m) => m.versions)) {
      const modelId = version.source.replace(/^models:\//, '');
      assert.ok(runs.get(version.run)?.output_model_ids.includes(modelId), `v${version.version} comes from a logged model of run ${version.run}`);
    }
  });

  it('tags runs with commits of the prepared repository, every commit used', () => {
    const tagged = new Set(store.runs.map((r) => r.tags[commitTag]).filter((c): c is string => c !== undefined));
    for (const commit of tagged) assert.equal(git(demo.dir, ['cat-file', '-e', `${commit}^{commit}`]).status, 0, commit);
    assert.deepEqual(tagged, new Set(demo.commits.map((c) => c.hash)));
  });

  it('keeps two versions of data/iris.csv.dvc in git, the current one matching the data', () => {
    const versions = git(demo.dir, ['log', '--format=%H', '--', 'data/iris.csv.dvc']).stdout.split('\n');
    assert.equal(versions.length, 2);
    const pointers = versions.map((commit) => git(demo.dir, ['show', `${commit}:data/iris.csv.dvc`]).stdout);
    assert.notEqual(pointers[0], pointers[1]);
    assert.match(pointers[0], new RegExp(`md5: ${md5(path.join(demo.dir, 'data', 'iris.csv'))}`));
    const lock = fs.readFileSync(path.join(demo.dir, 'dvc.lock'), 'utf8');
    assert.match(lock, new RegExp(`md5: ${md5(path.join(demo.dir, 'data', 'features.parquet'))}`));
  });

  it('serves the workbench on the demo with start-demo.mjs --no-open, without MLFLOW_TRACKING_URI, and stops when stdin ends', async () => {
    assert.ok(fs.existsSync(codeServerEntry), 'code-server is installed (bash scripts/install-code-server.sh)');
    const served = await startDemo(path.join(temp.dir, 'served'), { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9/not-the-demo' });
    try {
      const children = [...childEnvironments(served.pid).values()];
      assert.equal(children.length, 1, 'code-server runs as the one child of start-demo.mjs');
      assert.equal(children[0].MLFLOW_TRACKING_URI, undefined, 'the demo store is the one shown');
      const url = new URL(served.url);
      assert.equal(url.searchParams.get('folder'), path.join(temp.dir, 'served'));
      assert.match(url.searchParams.get('payload') ?? '', /extensionDevelopmentPath/);
      const page = await fetch(served.url, { signal: AbortSignal.timeout(10_000) });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /workbench/);
    } finally {
      assert.equal(await served.stop(), 0);
    }
    await assert.rejects(fetch(`${served.origin}/healthz`, { signal: AbortSignal.timeout(2000) }), 'code-server is stopped');
  });
});
