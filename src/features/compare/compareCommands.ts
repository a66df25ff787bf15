import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import type { RunsFeature } from '../runs/runsFeature';
import type { ExperimentNode, FolderNode, RunNode, RunsNode } from '../runs/runsNodes';
import { nodeId } from '../runs/runsNodes';
import type { FolderStore, WorkspaceStores } from '../stores/workspaceStores';
import {
  MAX_COMPARED_RUNS, type RunsToCompare, checkedCount, isCompareRunsArgument, namedRunsToCompare, nodesOfCommand, runsToCompare,
} from './compareSelection';

type ReadyStore = Extract<FolderStore, { status: 'ready' }>;

export type OpenComparison = (selection: RunsToCompare, startedAt: number) => unknown;

/** Compare the selected runs, runs picked from a list, or the runs the filter matches. */
export function registerCompareCommands(commands: CommandRegistry, runs: RunsFeature, stores: WorkspaceStores, open: OpenComparison): void {
  // From the Runs view: (clicked, selected) nodes; from the inline metrics: one { folder, runIds }.
  commands.register('mlops.runs.compare', (_context, clicked, selected) => {
    const startedAt = performance.now();
    const selection = isCompareRunsArgument(clicked)
      ? namedRunsToCompare(clicked, stores.folders())
      : runsToCompare(nodesOfCommand(clicked, selected, runs.view.selection));
    return open(selection, startedAt);
  });
  commands.register('mlops.runs.comparePick', async () => {
    const picked = await pickRuns(runs);
    if (picked) return open(runsToCompare(picked), performance.now());
    return undefined;
  });
  // A folder (or its Runs view node) may be passed; otherwise the user picks one if several have runs.
  commands.register('mlops.runs.compareMatching', async (context, folder) => {
    const startedAt = performance.now();
    return open(await matchingRuns(runs, stores, folderOf(folder), context.signal), startedAt);
  }, { progress: 'Finding the runs that match the filter' });
}

async function pickRuns(runs: RunsFeature): Promise<RunNode[] | undefined> {
  const nodes = await loadedRunNodes(runs);
  if (nodes.length < 2) throw new UserError('The Runs view has fewer than two runs to pick from. Expand an experiment, or clear the filter.');
  const selected = new Set(runs.view.selection.map(nodeId));
  const several = new Set(nodes.map((n) => n.folder.uri.toString())).size > 1;
  const items = nodes.map((node) => ({
    label: node.run.info.run_name || node.run.info.run_id.slice(0, 8),
    description: [node.experiment.name, several ? node.folder.name : '', node.run.info.status.toLowerCase()].filter(Boolean).join(' · '),
    detail: node.run.info.run_id,
    picked: selected.has(nodeId(node)),
    node,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Compare runs: pick 2 to ${MAX_COMPARED_RUNS}`,
    placeHolder: 'Runs loaded in the Runs view; type to narrow the list',
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.map((item) => item.node);
}

/** The runs the Runs view has loaded; when it has loaded none yet, the first page of every experiment. */
async function loadedRunNodes(runs: RunsFeature): Promise<RunNode[]> {
  let experiments = runs.tree.loadedExperiments();
  if (experiments.length === 0) {
    const roots = (await runs.tree.getChildren()) ?? [];
    const nested = await Promise.all(roots.map((node) => (node.kind === 'folder' ? runs.tree.getChildren(node) : [node])));
    experiments = nested.flat().filter((node): node is ExperimentNode => node.kind === 'experiment');
  }
  const children = await Promise.all(experiments.map((node) => runs.tree.getChildren(node)));
  return children.flat().filter((node: RunsNode): node is RunNode => node.kind === 'run');
}

function folderOf(arg: unknown): string | undefined {
  const folder = (arg as FolderNode | undefined)?.kind === 'folder' ? (arg as FolderNode).folder : (arg as vscode.WorkspaceFolder | undefined);
  return folder?.uri instanceof vscode.Uri ? folder.uri.toString() : undefined;
}

/** The folder whose store to search: the one asked for, the only readable one, or the user's pick. */
async function searchedFolder(stores: WorkspaceStores, wanted: string | undefined, signal: AbortSignal): Promise<ReadyStore> {
  const entries = await Promise.all(stores.folders().filter((f) => !wanted || f.uri.toString() === wanted).map((folder) => stores.get(folder)));
  const ready = entries.filter((entry): entry is ReadyStore => entry.status === 'ready');
  // A store opens lazily, so "ready" may still be unreadable (a corrupt mlflow.db): only offer those that answer.
  const readable = (await Promise.all(ready.map((entry) => entry.store.listExperiments('active', signal).then(() => entry, () => undefined))))
    .filter((entry): entry is ReadyStore => entry !== undefined);
  if (readable.length === 0) throw new UserError('No workspace folder has a tracking store that can be read.');
  if (readable.length === 1) return readable[0];
  const picked = await vscode.window.showQuickPick(readable.map((entry) => ({ label: entry.folder.name, description: entry.store.uri, entry })), {
    title: 'Compare the matching runs of which folder?',
  });
  if (!picked) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
  return picked.entry;
}

async function matchingRuns(runs: RunsFeature, stores: WorkspaceStores, folder: string | undefined, signal: AbortSignal): Promise<RunsToCompare> {
  const entry = await searchedFolder(stores, folder, signal);
  const { state } = runs;
  const filter = state.filter || undefined;
  const page = await entry.store.searchRuns({
    experimentIds: [],
    filter,
    orderBy: state.orderBy ? [state.orderBy] : undefined,
    view: state.showDeleted ? 'all' : 'active',
    maxResults: MAX_COMPARED_RUNS,
  }, signal);
  const what = filter ? `match the filter "${filter}"` : 'are in the store';
  if (page.runs.length < 2) throw new UserError(`${page.runs.length === 0 ? 'No runs' : 'Only one run'} ${what} of ${entry.folder.name}; a comparison needs at least two.`);
  if (page.nextPageToken) {
    void vscode.window.showInformationMessage(`More than ${MAX_COMPARED_RUNS} runs ${what}: comparing the first ${MAX_COMPARED_RUNS}${state.orderBy ? ` by ${state.orderBy}` : ' (newest first)'}.`);
  }
  return checkedCount({ folder: entry.folder, runIds: page.runs.map((run) => run.info.run_id) });
}
