// Figures for the file store, as ratios against references measured in the same run:
//   node --expose-gc out/test/integration/file/bench/fileStoreBench.js history [lines=1000000]
//   node out/test/integration/file/bench/fileStoreBench.js listing <mlruns> <experiment_id> [--mlflow]
// `history` compares parsing one metric file with fs.readFileSync + toString().split('\n');
// `listing` times listing every run of an experiment ordered by a metric (first call, then a
// second with our cache warm), and MLflow's search_runs on the same store with --mlflow.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTrackingStore } from '../../../../src/core/tracking/file/fileTrackingStore';
import { readLatestMetric, readMetricColumns, readMetricHistory } from '../../../../src/core/tracking/file/metricFile';
import { repoRoot, runPython } from '../../../support/python';
import { makeTempDir } from '../../../support/tempDir';

function millis(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function summary(samples: number[]): { min: number; median: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[sorted.length >> 1] };
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Runs the contenders in turns so that a busy machine slows them alike; min and median ms. With
 * node --expose-gc, garbage left by one contender is collected before the next one starts.
 */
function race(contenders: Record<string, () => unknown>, rounds: number): Record<string, { min: number; median: number }> {
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      collectGarbage?.();
      const start = process.hrtime.bigint();
      run();
      (samples[name] ??= []).push(millis(start));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, times]) => [name, summary(times)]));
}

function historyBench(lines: number): void {
  const temp = makeTempDir('bench-history');
  try {
    const file = path.join(temp.dir, 'metric');
    const chunks: string[] = [];
    // What MLflow writes: `timestamp repr(value) step`, with Python's shortest round-trip digits.
    for (let i = 0; i < lines; i++) chunks.push(`${1700000000000 + i} ${String(Math.random())} ${i}\n`);
    fs.writeFileSync(file, chunks.join(''));
    const results = race(
      {
        'readFileSync + split': () => fs.readFileSync(file).toString().split('\n').length,
        'history (all points)': () => readMetricHistory(fs.readFileSync(file)).points.length,
        'history as columns': () => readMetricColumns(fs.readFileSync(file)).values.length,
        'latest value only': () => readLatestMetric(fs.readFileSync(file)).point,
      },
      11,
    );
    const reference = results['readFileSync + split'];
    console.log(`metric file of ${lines} lines (${(fs.statSync(file).size / 1e6).toFixed(1)} MB)`);
    for (const [name, { min, median }] of Object.entries(results)) {
      console.log(`  ${name.padEnd(22)} min ${min.toFixed(0)} ms (${(min / reference.min).toFixed(2)}x)  median ${median.toFixed(0)} ms (${(median / reference.median).toFixed(2)}x)`);
    }
  } finally {
    temp.cleanup();
  }
}

async function listingBench(root: string, experimentId: string, withMlflow: boolean): Promise<void> {
  const orderBy = 'metrics.m0 DESC';
  const store = new FileTrackingStore(root, `file://${root}`);
  const times: number[] = [];
  let count = 0;
  for (let call = 0; call < 3; call++) {
    const start = process.hrtime.bigint();
    const page = await store.searchRuns({ experimentIds: [experimentId], orderBy: [orderBy], maxResults: 50000 });
    times.push(millis(start));
    count = page.runs.length;
    if (page.problems.length > 0) console.log(`  ${page.problems.length} problems, first: ${JSON.stringify(page.problems[0])}`);
  }
  console.log(`listing ${count} runs ordered by ${orderBy}`);
  console.log(`  ours: first ${times[0].toFixed(0)} ms, then ${times[1].toFixed(0)} ms and ${times[2].toFixed(0)} ms with the cache`);
  if (withMlflow) {
    const script = path.join(repoRoot, 'test', 'integration', 'file', 'bench', 'time_mlflow_search.py');
    const mlflow = JSON.parse(runPython(script, [root, experimentId, orderBy, '2'])) as { runs: number; seconds: number[] };
    const first = mlflow.seconds[0] * 1000;
    console.log(`  MLflow search_runs: ${mlflow.runs} runs, ${mlflow.seconds.map((s) => `${(s * 1000).toFixed(0)} ms`).join(', ')}`);
    console.log(`  ratio MLflow / ours: ${(first / times[0]).toFixed(1)}x cold, ${(first / times[1]).toFixed(1)}x with our cache`);
  }
  store.close();
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'history') historyBench(Number(args[0] ?? 1_000_000));
  else if (mode === 'listing' && args.length >= 2) await listingBench(path.resolve(args[0]), args[1], args.includes('--mlflow'));
  else console.log('usage: fileStoreBench.js history [lines] | listing <mlruns> <experiment_id> [--mlflow]');
}

void main();
