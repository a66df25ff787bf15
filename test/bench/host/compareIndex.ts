import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../../src/extension';
import type { ComparePanel } from '../../../src/features/compare/comparePanel';
import { openTrackingStore } from '../../../src/core/tracking/openTrackingStore';
import { parseTrackingUri } from '../../../src/core/tracking/trackingUri';
import type { HostToWebview } from '../../../src/protocol/compare';
import { markedReporterLog } from '../../host/hostOutput';
import { type Opening, PAGE_STEPS, type PageStep } from '../compareOpening';

// Runs inside the extension host (extensionTestsPath) on a workspace whose mlops.trackingUri names
// the Compare bench store (100 runs x 100,000 steps of "loss"); prints one `BENCH {json}` line for
// test/bench/compareBench.ts. Each round opens the panel on every run as the Compare command does,
// once as shipped (reduced series) and once posting the raw histories (the reference).
const METRIC = 'loss';
const ROUNDS = Number(process.env.MLOPS_BENCH_COMPARE_ROUNDS ?? 3);
const RAW_DEADLINE_MS = 10 * 60_000;
const DEADLINE_MS = 2 * 60_000;


/** Base64 needs no escaping in JSON: a series' arrays count by their length, so raw histories are not serialized twice here. */
function bytesOf(message: HostToWebview): number {
  if (message.type !== 'series') return Buffer.byteLength(JSON.stringify(message), 'utf8');
  const arrays = message.series.reduce((sum, s) => sum + s.steps.length + s.timestamps.length + s.values.length, 0);
  const rest = { ...message, series: message.series.map((s) => ({ ...s, steps: '', timestamps: '', values: '' })) };
  return arrays + Buffer.byteLength(JSON.stringify(rest), 'utf8');
}

/** Points in a series: its Float32 values, 4 bytes each, in base64. */
function pointsOf(values: string): number {
  const padding = values.endsWith('==') ? 2 : values.endsWith('=') ? 1 : 0;
  return ((values.length * 3) / 4 - padding) / 4;
}

/** Opens one Compare panel on `runIds` with the command and records what it posts until the chart is complete. */
async function openAndMeasure(api: MlopsApi, folder: vscode.WorkspaceFolder, runIds: string[], raw: boolean): Promise<Opening> {
  api.compare.testOptions.rawHistories = raw;
  let panel: ComparePanel | undefined;
  let bytes = 0;
  let bytesToFirstPaint: number | undefined;
  let seriesPosted = 0;
  let pointsPosted = 0;
  let chartDone: ((ms: number) => void) | undefined;
  const chartPosted = new Promise<number>((resolve) => (chartDone = resolve));
  let commandAt = 0;
  let initMs = Number.NaN;
  let readyMs = Number.NaN;
  let pageFirstPaintMs = Number.NaN;
  let pageMarks: Record<string, number> = {};
  let requestMs = Number.NaN;
  let theme: Extract<HostToWebview, { type: 'init' }>['theme'] = 'dark';
  let firstSeriesMs = Number.NaN;
  const subscription = api.compare.onDidOpenPanel((opened) => {
    panel = opened;
    opened.channel.onDidReceive((message) => {
      if (message.type === 'ready' && Number.isNaN(readyMs)) readyMs = performance.now() - commandAt;
      if (message.type === 'requestSeries' && Number.isNaN(requestMs)) requestMs = performance.now() - commandAt;
      if (message.type === 'firstPaint') {
        pageFirstPaintMs = message.sinceStartMs;
        pageMarks = message.marks ?? {};
      }
    });
    opened.channel.onDidPost((message) => {
      bytes += bytesOf(message);
      if (message.type === 'init' && Number.isNaN(initMs)) {
        initMs = performance.now() - commandAt;
        theme = message.theme;
      }
      if (message.type === 'series' && Number.isNaN(firstSeriesMs)) firstSeriesMs = performance.now() - commandAt;
      if (message.type !== 'series') return;
      for (const s of message.series) {
        if (s.key !== METRIC) continue;
        seriesPosted++;
        pointsPosted += pointsOf(s.values);
      }
      if (message.pending === 0 && message.series.some((s) => s.key === METRIC)) chartDone?.(performance.now() - commandAt);
    });
    opened.onDidFirstPaint(() => (bytesToFirstPaint = bytes));
  });
  try {
    commandAt = performance.now();
    await vscode.commands.executeCommand('mlops.runs.compare', { folder: folder.uri.toString(), runIds });
    if (!panel) throw new Error('the Compare command opened no panel');
    const opened: ComparePanel = panel;
    const deadline = raw ? RAW_DEADLINE_MS : DEADLINE_MS;
    const firstPaintMs = await within(deadline, 'the first chart', new Promise<number>((resolve) => {
      if (opened.firstPaintMs !== undefined) resolve(opened.firstPaintMs);
      opened.onDidFirstPaint(resolve);
    }));
    const chartMs = await within(deadline, `every run's ${METRIC} series`, chartPosted);
    const chartBytes = bytes;
    // Posts are ordered and postMessage settles once the workbench has the message: when this one
    // (a no-op for the app) settles, everything before it has been delivered too.
    await within(deadline, 'the delivery of the series', Promise.resolve(opened.panel.webview.postMessage({ type: 'theme', theme })));
    const deliveredMs = performance.now() - commandAt;
    const pageSteps = Object.fromEntries(PAGE_STEPS.map((step) => [`page_${step}_ms`, pageMarks[step] ?? Number.NaN])) as Record<`page_${PageStep}_ms`, number>;
    return {
      page_first_paint_ms: pageFirstPaintMs,
      page_start_ms: firstPaintMs - pageFirstPaintMs,
      ...pageSteps,
      ready_ms: readyMs,
      init_ms: initMs,
      request_ms: requestMs,
      first_series_ms: firstSeriesMs,
      first_paint_ms: firstPaintMs,
      bytes_to_first_paint: bytesToFirstPaint ?? bytes,
      chart_posted_ms: chartMs,
      chart_bytes: chartBytes,
      chart_delivered_ms: deliveredMs,
      series_posted: seriesPosted,
      points_posted: pointsPosted,
    };
  } finally {
    subscription.dispose();
    panel?.dispose();
    api.compare.testOptions.rawHistories = false;
  }
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function medians(openings: Opening[]): Opening {
  const keys = Object.keys(openings[0]) as (keyof Opening)[];
  return Object.fromEntries(keys.map((key) => [key, median(openings.map((o) => o[key]))])) as unknown as Opening;
}

export async function run(): Promise<void> {
  const print = markedReporterLog();
  const api = await vscode.extensions.getExtension<MlopsApi>('mlops-studio.mlops-studio')!.activate();
  const folder = vscode.workspace.workspaceFolders![0];
  const trackingUri = vscode.workspace.getConfiguration('mlops', folder.uri).get<string>('trackingUri')!;
  const store = openTrackingStore(parseTrackingUri(trackingUri, folder.uri.fsPath), { env: {} });
  const { items } = await store.listExperiments('active');
  const experiment = items.find((e) => e.name === 'compare');
  if (!experiment) throw new Error(`no "compare" experiment in ${trackingUri}`);
  const page = await store.searchRuns({ experimentIds: [experiment.experiment_id], view: 'active', orderBy: ['attributes.start_time ASC'], maxResults: 200 });
  const runIds = page.runs.map((r) => r.info.run_id);
  const steps = (await store.getMetricHistory(runIds[0], METRIC)).length;
  store.close();

  // The webview's bundle and the store's pages are warm for every measured round alike.
  await openAndMeasure(api, folder, runIds.slice(0, 2), false);
  const ours: Opening[] = [];
  const raw: Opening[] = [];
  // ABBA order: each kind follows the other as often, so what one leaves behind (garbage, a
  // webview being torn down) weighs on both alike.
  for (let round = 0; round < ROUNDS; round++) {
    const rawFirst = round % 2 === 1;
    if (rawFirst) raw.push(await openAndMeasure(api, folder, runIds, true));
    ours.push(await openAndMeasure(api, folder, runIds, false));
    if (!rawFirst) raw.push(await openAndMeasure(api, folder, runIds, true));
  }
  print(`BENCH ${JSON.stringify({ runs: runIds.length, steps, rounds: ROUNDS, ours: medians(ours), raw: medians(raw) })}`);
}
