import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../../src/extension';
import { openTrackingStore } from '../../../src/core/tracking/openTrackingStore';
import { parseTrackingUri } from '../../../src/core/tracking/trackingUri';
import type { ExperimentNode } from '../../../src/features/runs/runsNodes';
import { markedReporterLog } from '../../host/hostOutput';

// Runs inside the extension host (extensionTestsPath) on a workspace whose mlops.trackingUri names
// the 10,000-run bench store; prints one `BENCH {json}` line for test/bench/run.ts.
const REFERENCE_EXTENSION = 'vscode.markdown-language-features';

async function timeActivation<T>(id: string): Promise<{ ms: number; exports: T }> {
  const extension = vscode.extensions.getExtension<T>(id);
  if (!extension) throw new Error(`${id} is not installed`);
  if (extension.isActive) throw new Error(`${id} was already active: its activation cannot be timed`);
  const started = performance.now();
  const exports = await extension.activate();
  return { ms: performance.now() - started, exports };
}

export async function run(): Promise<void> {
  const print = markedReporterLog();
  const reference = await timeActivation(REFERENCE_EXTENSION);
  const ours = await timeActivation<MlopsApi>('mlops-studio.mlops-studio');
  const folder = vscode.workspace.workspaceFolders![0];
  const trackingUri = vscode.workspace.getConfiguration('mlops', folder.uri).get<string>('trackingUri')!;

  const opened = performance.now();
  await vscode.commands.executeCommand('workbench.view.extension.mlops');
  const runsView = ours.exports.runs;
  const experiments = (await runsView.tree.getChildren()) ?? [];
  const experiment = experiments.find((n): n is ExperimentNode => n.kind === 'experiment' && n.experiment.name === 'bench');
  if (!experiment) throw new Error(`no "bench" experiment among ${experiments.length} items`);
  const firstItems = (await runsView.tree.getChildren(experiment)) ?? [];
  const viewMs = performance.now() - opened;
  const shown = firstItems.filter((n) => n.kind === 'run').length;

  // The same first page straight from the engine, on this thread, in this process.
  const store = openTrackingStore(parseTrackingUri(trackingUri, folder.uri.fsPath), { env: {} });
  const direct = performance.now();
  const { items } = await store.listExperiments('active');
  const page = await store.searchRuns({ experimentIds: [items.find((e) => e.name === 'bench')!.experiment_id], maxResults: vscode.workspace.getConfiguration('mlops').get('runs.pageSize', 100) });
  const directMs = performance.now() - direct;
  store.close();

  const dist = path.join(ours.exports ? vscode.extensions.getExtension('mlops-studio.mlops-studio')!.extensionPath : '', 'dist');
  print(`BENCH ${JSON.stringify({
    activation_ms: ours.ms,
    reference_activation_ms: reference.ms,
    reference_extension: REFERENCE_EXTENSION,
    first_items_ms: viewMs,
    first_items_runs: shown,
    direct_page_ms: directMs,
    direct_page_runs: page.runs.length,
    extension_bytes: fs.statSync(path.join(dist, 'extension.js')).size,
    worker_bytes: fs.statSync(path.join(dist, 'trackingWorker.js')).size,
    cli_bytes: fs.statSync(path.join(dist, 'cli.js')).size,
  })}`);
}
