import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pythonPath, repoRoot } from '../support/python';
import type { Opening } from './compareOpening';

// The Compare panel on 100 runs x 100,000 steps of one metric, in the real extension host: the
// time from the Compare command to the first chart drawn in the webview and the bytes posted to
// it, as shipped (reduced series) against posting the raw histories, measured in the same run.
const RUNS = 100;
const STEPS = 100_000;

interface CompareFigures {
  runs: number;
  steps: number;
  rounds: number;
  ours: Opening;
  raw: Opening;
}

const cacheRoot = () => process.env.MLOPS_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'mlops-studio-bench');

/** Writes the store with MLflow unless it is complete; an interrupted write is resumed, not restarted (it takes about an hour). */
function ensureCompareStore(dir: string): void {
  if (fs.existsSync(path.join(dir, 'COMPLETE'))) return;
  console.log(`writing ${dir} with MLflow (once; cached for later runs) ...`);
  const script = path.join(repoRoot, 'test', 'bench', 'fixtures', 'make_compare_store.py');
  const result = spawnSync(pythonPath(), [script, dir, String(RUNS), String(STEPS)], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('make_compare_store.py failed');
}

// A step the run did not take (no requestSeries when the first charts came with ready) is null in the JSON.
const ms = (value: number | null) => (value === null || !Number.isFinite(value) ? 'none' : `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`);
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 2)} MB`;
const ratio = (value: number) => `${value.toFixed(value >= 10 ? 1 : value >= 0.01 ? 2 : 4)}x`;
const count = (value: number) => value.toLocaleString('en-US');

export function benchCompare(): void {
  const dir = path.join(cacheRoot(), `v1-compare-${RUNS}x${STEPS}`, 'sqlite');
  ensureCompareStore(dir);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-compare-'));
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'mlops.trackingUri': `sqlite:///${path.join(dir, 'mlflow.db')}` }));
  const runner = path.join(__dirname, '..', 'host', 'runInCodeServer.js');
  const tests = path.join(__dirname, 'host', 'compareIndex.js');
  const result = spawnSync(process.execPath, [runner, '--workspace', workspace, '--tests', tests, '--timeout', '3600'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  fs.rmSync(workspace, { recursive: true, force: true });
  const line = result.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`the Compare bench printed no figures:\n${result.stdout}\n${result.stderr}`);
  const f = JSON.parse(line.slice('BENCH '.length)) as CompareFigures;
  const { ours, raw } = f;
  console.log(
    `  first chart drawn: ${ms(ours.first_paint_ms)} after the command; posting the raw histories ${ms(raw.first_paint_ms)}` +
      `  ->  ${ratio(ours.first_paint_ms / raw.first_paint_ms)} the raw time (target < 1 s)`,
  );
  console.log(
    `  on the way: app ready ${ms(ours.ready_ms)}, init posted ${ms(ours.init_ms)}, first series posted ${ms(ours.first_series_ms)}; ` +
      `raw ${ms(raw.ready_ms)}, ${ms(raw.init_ms)}, ${ms(raw.first_series_ms)}; ` +
      `the page's own start to first chart ${ms(ours.page_first_paint_ms)}, raw ${ms(raw.page_first_paint_ms)}`,
  );
  console.log(
    `  the page (ms since its start, which came ${ms(ours.page_start_ms)} after the command): document requested ${ms(ours.page_documentRequested_ms)}, ` +
      `script requested ${ms(ours.page_scriptRequested_ms)}, loaded ${ms(ours.page_scriptLoaded_ms)}, ` +
      `app started ${ms(ours.page_appStart_ms)}, ready ${ms(ours.page_ready_ms)}, init received ${ms(ours.page_init_ms)}, ` +
      `first requestSeries ${ms(ours.page_requestSeries_ms)} (host got it ${ms(ours.request_ms)} after the command), first series received ${ms(ours.page_series_ms)}, ` +
      `first chart ${ms(ours.page_first_paint_ms)}`,
  );
  console.log(
    `  posted to the webview by then: ${megabytes(ours.bytes_to_first_paint)}; raw ${megabytes(raw.bytes_to_first_paint)}` +
      `  ->  ${ratio(ours.bytes_to_first_paint / raw.bytes_to_first_paint)} the raw bytes (target < 5 MB)`,
  );
  console.log(
    `  whole chart (${count(ours.series_posted)} series, ${count(ours.points_posted)} points): posted ${ms(ours.chart_posted_ms)}, delivered ${ms(ours.chart_delivered_ms)}, ${megabytes(ours.chart_bytes)}; ` +
      `raw (${count(raw.series_posted)} series, ${count(raw.points_posted)} points) posted ${ms(raw.chart_posted_ms)}, delivered ${ms(raw.chart_delivered_ms)}, ${megabytes(raw.chart_bytes)}` +
      `  ->  ${ratio(ours.chart_delivered_ms / raw.chart_delivered_ms)} the time, ${ratio(ours.chart_bytes / raw.chart_bytes)} the bytes (median of ${f.rounds})`,
  );
}

if (require.main === module) {
  console.log(`the Compare panel on ${RUNS} runs x ${count(STEPS)} steps of one metric (real extension host), as shipped against posting the raw histories`);
  benchCompare();
}
