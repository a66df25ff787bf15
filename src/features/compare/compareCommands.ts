import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import type { RunsFeature } from '../runs/runsFeature';
import type { ExperimentNode, RunNode, RunsNode } from '../runs/runsNodes';
import { nodeId } from '../runs/runsNodes';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { MAX_COMPARED_RUNS, type RunsToCompare, checkedCount, nodesOfCommand, runsToCompare } from './compareSelection';

export type OpenComparison = (selection: RunsToCompare, startedAt: number) => unknown;

/** Compare the selected runs, runs picked from a list, or the runs the filter matches. */
export function registerCompareCommands(commands: CommandRegistry, runs: RunsFeature, stores: WorkspaceStores, open: OpenComparison): void {
  commands.register('mlops.runs.compare', (_context, clicked, selected) => {
    const startedAt = performance.now();
    return open(runsToCompare(nodesOfCommand(clicked, selected, runs.view.selection)), startedAt);
  });
  commands.register('mlops.runs.comparePick', async () => {
    const picked = await pickRuns(runs);
    if (picked) return open(runsToCompare(picked), performance.now());
    return undefined;
  });
  commands.register('mlops.runs.compareMatching', async (context) => {
    const startedAt = performance.now();
    return open(await matchingRuns(runs, stores, context.signal), startedAt);
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

async function matchingRuns(runs: RunsFeature, stores: WorkspaceStores, signal: AbortSignal): Promise<RunsToCompare> {
  const ready = (await Promise.all(stores.folders().map((folder) => stores.get(folder)))).filter((entry) => entry.status === 'ready');
  if (ready.length === 0) throw new UserError('No workspace folder has a tracking store that can be read.');
  let entry = ready[0];
  if (ready.length > 1) {
    const picked = await vscode.window.showQuickPick(ready.map((e) => ({ label: e.folder.name, description: e.store.uri, entry: e })), {
      title: 'Compare the matching runs of which folder?',
    });
    if (!picked) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    entry = picked.entry;
  }
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
