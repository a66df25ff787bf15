// One measurement in a fresh process, so timings and peak memory are not shared between them.
// Usage: node measure.js search URI ORDER_BY | history URI RUN_ID KEY MAX_POINTS | split FILE
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { downsample } from '../../src/core/metrics/downsample';
import { openTrackingStore } from '../../src/core/tracking/openTrackingStore';
import { parseTrackingUri } from '../../src/core/tracking/trackingUri';
import type { TrackingStore } from '../../src/core/tracking/types';

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

async function listAll(store: TrackingStore, orderBy: string): Promise<number> {
  const { items } = await store.listExperiments('active');
  let count = 0;
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ experimentIds: items.map((e) => e.experiment_id), orderBy: [orderBy], maxResults: 50_000, pageToken });
    count += page.runs.length;
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
  return count;
}

async function main([task, ...args]: string[]): Promise<object> {
  if (task === 'split') {
    const started = performance.now();
    const lines = fs.readFileSync(args[0]).toString('utf8').split('\n').length;
    return { ms: performance.now() - started, lines, max_rss_mb: maxRssMb() };
  }
  const store = openTrackingStore(parseTrackingUri(args[0], process.cwd()), { env: {} });
  if (task === 'search') {
    let started = performance.now();
    const runs = await listAll(store, args[1]);
    const ms = performance.now() - started;
    started = performance.now();
    await listAll(store, args[1]);
    return { ms, warm_ms: performance.now() - started, runs, max_rss_mb: maxRssMb() };
  }
  if (task === 'history') {
    let started = performance.now();
    const history = await store.getMetricHistory(args[1], args[2]);
    const ms = performance.now() - started;
    started = performance.now();
    const reduced = downsample(history, Number(args[3]));
    return { ms, points: history.length, reduce_ms: performance.now() - started, reduced: reduced.length, max_rss_mb: maxRssMb() };
  }
  throw new Error(`unknown task ${task}`);
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
