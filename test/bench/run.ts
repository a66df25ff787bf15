// `npm run bench`: prints each figure as a ratio to a reference measured in the same run.
// The stores are written once by MLflow itself and cached outside the repository
// ($MLOPS_BENCH_CACHE, default ~/.cache/mlops-studio-bench), because writing them takes an hour.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pythonPath, repoRoot } from '../support/python';
import { benchBuild } from './buildBench';
import { benchCompare } from './compareBench';
import { benchDeploy } from './deployBench';

const RUNS = Number(process.env.MLOPS_BENCH_RUNS ?? 10_000);
const HISTORY_POINTS = 1_000_000;
const cache = process.env.MLOPS_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'mlops-studio-bench');
const fixtures = path.join(repoRoot, 'test', 'bench', 'fixtures');
const measureJs = path.join(__dirname, 'measure.js');
const ORDER_BY = 'metrics.metric_0 DESC';

type Figures = Record<string, number>;

function run(command: string, args: string[]): Figures {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: 'true' },
  });
  if (result.status !== 0) throw new Error(`${path.basename(args[0])} ${args.slice(1).join(' ')} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Figures;
}

const node = (...args: string[]) => run(process.execPath, ['--max-old-space-size=8192', measureJs, ...args]);
const python = (script: string, ...args: string[]) => run(pythonPath(), [path.join(fixtures, script), ...args]);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Writes a store with MLflow unless a complete one is cached. */
function ensureStore(dir: string, script: string, args: string[]): void {
  if (fs.existsSync(path.join(dir, 'COMPLETE'))) return;
  console.log(`writing ${dir} with MLflow (once; cached for later runs) ...`);
  fs.rmSync(dir, { recursive: true, force: true });
  const result = spawnSync(pythonPath(), [path.join(fixtures, script), ...args], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${script} failed`);
}

const ms = (value: number) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const ratio = (value: number) => `${value.toFixed(value >= 10 ? 1 : 2)}x`;

function benchListing(kind: 'sqlite' | 'file'): void {
  const dir = path.join(cache, `v1-${RUNS}`, kind);
  ensureStore(dir, 'make_bench_store.py', [kind, dir, String(RUNS)]);
  const uri = kind === 'sqlite' ? `sqlite:///${path.join(dir, 'mlflow.db')}` : `file://${path.join(dir, 'mlruns')}`;
  const reference = python('mlflow_search.py', 'search', uri, ORDER_BY);
  const ours = [node('search', uri, ORDER_BY), node('search', uri, ORDER_BY), node('search', uri, ORDER_BY)];
  const oursMs = median(ours.map((o) => o.ms));
  if (ours[0].runs !== reference.runs) throw new Error(`we listed ${ours[0].runs} runs, MLflow ${reference.runs}`);
  console.log(
    `  ${kind.padEnd(6)} ours ${ms(oursMs)} (warm ${ms(median(ours.map((o) => o.warm_ms)))}), ` +
      `MLflow search_runs ${ms(reference.ms)}  ->  ${ratio(reference.ms / oursMs)} faster` +
      `   peak RSS ours ${mb(median(ours.map((o) => o.max_rss_mb)))} vs MLflow ${mb(reference.max_rss_mb)}`,
  );
}

function benchHistory(): void {
  const dir = path.join(cache, `v1-history-${HISTORY_POINTS}`, 'file');
  ensureStore(dir, 'make_long_history.py', ['file', dir, String(HISTORY_POINTS)]);
  const runId = fs.readFileSync(path.join(dir, 'RUN_ID'), 'utf8').trim();
  const uri = `file://${path.join(dir, 'mlruns')}`;
  const metricFile = findMetricFile(path.join(dir, 'mlruns'), runId, 'loss');
  const split = [node('split', metricFile), node('split', metricFile), node('split', metricFile)];
  const ours = [1, 2, 3].map(() => node('history', uri, runId, 'loss', '1000'));
  const reference = python('mlflow_search.py', 'history', uri, runId, 'loss');
  const splitMs = median(split.map((s) => s.ms));
  const oursMs = median(ours.map((o) => o.ms));
  if (ours[0].points !== HISTORY_POINTS) throw new Error(`parsed ${ours[0].points} points, expected ${HISTORY_POINTS}`);
  console.log(`  parse: ours ${ms(oursMs)}, read + split lines ${ms(splitMs)}  ->  ${ratio(oursMs / splitMs)} the raw split (target < 2x)`);
  console.log(`  MLflow get_metric_history ${ms(reference.ms)}  ->  ours ${ratio(reference.ms / oursMs)} faster`);
  console.log(`  reduce ${HISTORY_POINTS} points to ${ours[0].reduced}: ${ms(median(ours.map((o) => o.reduce_ms)))} (${ratio(median(ours.map((o) => o.reduce_ms)) / oursMs)} of the parse)`);
  console.log(
    `  peak RSS: ours ${mb(median(ours.map((o) => o.max_rss_mb)))}, read + split ${mb(median(split.map((s) => s.max_rss_mb)))}, ` +
      `MLflow ${mb(reference.max_rss_mb)}`,
  );
}

function findMetricFile(root: string, runId: string, key: string): string {
  for (const experiment of fs.readdirSync(root)) {
    const candidate = path.join(root, experiment, runId, 'metrics', key);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`no metric file for ${runId}/${key} under ${root}`);
}

function benchExtension(): void {
  const dir = path.join(cache, `v1-${RUNS}`, 'sqlite');
  ensureStore(dir, 'make_bench_store.py', ['sqlite', dir, String(RUNS)]);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-ws-'));
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'mlops.trackingUri': `sqlite:///${path.join(dir, 'mlflow.db')}` }));
  const runner = path.join(__dirname, '..', 'host', 'runInCodeServer.js');
  const result = spawnSync(process.execPath, [runner, '--workspace', workspace, '--tests', path.join(__dirname, 'host', 'index.js')], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  fs.rmSync(workspace, { recursive: true, force: true });
  const line = result.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`the extension host bench printed no figures:\n${result.stdout}\n${result.stderr}`);
  const f = JSON.parse(line.slice('BENCH '.length)) as Figures & { reference_extension: string };
  console.log(`  activation: ${ms(f.activation_ms)}, ${f.reference_extension} ${ms(f.reference_activation_ms)}  ->  ${ratio(f.activation_ms / f.reference_activation_ms)} the built-in's`);
  console.log(
    `  open the Runs view to its first ${f.first_items_runs} runs of ${RUNS}: ${ms(f.first_items_ms)} (worker start-up included), ` +
      `the same page from the engine directly ${ms(f.direct_page_ms)}  ->  ${ratio(f.first_items_ms / f.direct_page_ms)}`,
  );
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `  dist/extension.js ${kb(f.extension_bytes)} + dist/trackingWorker.js ${kb(f.worker_bytes)} (production build); ` +
      `the CLI bundle (engine alone) ${kb(f.cli_bytes)}  ->  extension ${ratio(f.extension_bytes / f.cli_bytes)} of it`,
  );
}

console.log(`MLOps Studio bench: ${RUNS} runs x 20 metrics x 100 steps, 10 params; stores cached in ${cache}`);
console.log(`list all runs ordered by ${ORDER_BY} (fresh process each; median of 3)`);
benchListing('sqlite');
benchListing('file');
console.log(`${HISTORY_POINTS.toLocaleString('en-US')}-line metric history (file store)`);
benchHistory();
console.log(`the extension in the real VS Code extension host (code-server), on the ${RUNS}-run sqlite store`);
benchExtension();
console.log('the Compare panel on 100 runs x 100,000 steps of one metric (real extension host), as shipped against posting the raw histories');
benchCompare();
console.log('time from "deploy" to healthy on the Docker engine (busybox scoring image)');
benchDeploy();
console.log('image build through our builder against docker build of the same context (classic builder, no cache)');
benchBuild();
