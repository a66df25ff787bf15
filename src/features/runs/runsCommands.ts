import * as vscode from 'vscode';
import { parseRunFilter, parseOrderBy } from '../../core/tracking/search';
import { describeError } from '../../core/tracking/errors';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import { localArtifactPath } from './runItem';
import type { MoreNode, RunNode, RunsNode } from './runsNodes';
import { nodeId } from './runsNodes';
import type { RunsTree } from './runsTree';
import type { RunsViewState } from './runsViewState';

const ATTRIBUTE_KEYS = ['attributes.start_time', 'attributes.end_time', 'attributes.run_name', 'attributes.status', 'attributes.user_id'];

/** The Runs view's title and context-menu commands (code commands live in runCodeCommands.ts). */
export function registerRunsCommands(commands: CommandRegistry, tree: RunsTree, view: vscode.TreeView<RunsNode>, state: RunsViewState): void {
  commands.register('mlops.runs.refresh', () => tree.reload());
  commands.register('mlops.runs.filter', async () => {
    const filter = await pickFilter(state);
    if (filter !== undefined) await state.setFilter(filter);
  });
  commands.register('mlops.runs.clearFilter', () => state.setFilter(''));
  commands.register('mlops.runs.sort', async () => {
    const orderBy = await pickOrdering(tree, state);
    if (orderBy !== undefined) await state.setOrderBy(orderBy || undefined);
  });
  commands.register('mlops.runs.chooseMetric', async () => {
    const keys = loadedKeys(tree, 'metrics').map((k) => k.slice('metrics.'.length));
    const picked = await vscode.window.showQuickPick(['(the first metric of each run)', ...keys], { title: 'Metric shown beside each run' });
    if (picked !== undefined) await state.setMetric(picked.startsWith('(') ? undefined : picked);
  });
  commands.register('mlops.runs.showDeleted', () => state.setShowDeleted(true));
  commands.register('mlops.runs.hideDeleted', () => state.setShowDeleted(false));
  commands.register('mlops.runs.showMore', async (context, node) => {
    const more = node as MoreNode;
    await tree.pages.loadMore(nodeId(more.parent), more.parent.store, more.parent.experiment.experiment_id, tree.searchFor, context.signal);
    tree.redraw(more.parent);
  });
  commands.register('mlops.runs.copyRunId', async (_context, node, selected) => {
    const runs = selectedRuns(view, node, selected);
    await vscode.env.clipboard.writeText(runs.map((r) => r.run.info.run_id).join('\n'));
    vscode.window.setStatusBarMessage(`Copied ${runs.length === 1 ? 'the run id' : `${runs.length} run ids`}`, 3000);
  });
  commands.register('mlops.runs.openInServer', async (_context, node) => {
    const run = requireRun(node);
    if (run.store.kind !== 'rest') throw new UserError('This run is in a local store; only runs on a tracking server have a web page.');
    await vscode.env.openExternal(vscode.Uri.parse(`${run.store.uri}/#/experiments/${run.run.info.experiment_id}/runs/${run.run.info.run_id}`));
  });
  commands.register('mlops.runs.revealArtifacts', async (_context, node) => {
    const run = requireRun(node);
    const dir = localArtifactPath(run.run, run.folder.uri.fsPath);
    if (!dir) throw new UserError(`The artifacts of this run are not on this machine (${run.run.info.artifact_uri}).`);
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
  });
}

async function pickFilter(state: RunsViewState): Promise<string | undefined> {
  let start = state.filter;
  if (state.recentFilters.length > 0) {
    const fresh = { label: '$(edit) Type a filter...' };
    const picked = await vscode.window.showQuickPick([fresh, ...state.recentFilters.map((label) => ({ label, description: 'recent' }))], {
      title: 'Filter runs (MLflow filter syntax)',
      placeHolder: 'Pick a recent filter to edit, or type a new one',
    });
    if (picked === undefined) return undefined;
    if (picked !== fresh) start = picked.label;
  }
  return vscode.window.showInputBox({
    title: 'Filter runs (MLflow filter syntax)',
    prompt: 'Clauses joined by AND on metrics., params., tags., attributes. or datasets.; empty shows every run',
    placeHolder: "metrics.accuracy > 0.9 and params.model = 'cnn' and attributes.status = 'FINISHED'",
    value: start,
    validateInput: (value) => {
      try {
        parseRunFilter(value);
        return undefined;
      } catch (error) {
        return describeError(error);
      }
    },
  });
}

async function pickOrdering(tree: RunsTree, state: RunsViewState): Promise<string | undefined> {
  const keys = ['(MLflow default: newest first)', ...ATTRIBUTE_KEYS, ...loadedKeys(tree, 'metrics'), ...loadedKeys(tree, 'params'), ...loadedKeys(tree, 'tags')];
  const key = await vscode.window.showQuickPick(keys, { title: 'Sort runs by', placeHolder: state.orderBy ?? 'start time, newest first' });
  if (key === undefined) return undefined;
  if (key.startsWith('(')) return '';
  const direction = await vscode.window.showQuickPick(['DESC', 'ASC'], { title: `Sort by ${key}` });
  if (direction === undefined) return undefined;
  const orderBy = `${quoteKey(key)} ${direction}`;
  parseOrderBy(orderBy);
  return orderBy;
}

function quoteKey(key: string): string {
  const dot = key.indexOf('.');
  const name = key.slice(dot + 1);
  return /^[\w.]+$/.test(name) ? key : `${key.slice(0, dot)}.\`${name}\``;
}

function loadedKeys(tree: RunsTree, kind: 'metrics' | 'params' | 'tags'): string[] {
  const keys = new Set<string>();
  for (const node of tree.loadedExperiments()) {
    for (const run of tree.pages.get(nodeId(node))?.runs ?? []) for (const key of Object.keys(run.data[kind])) keys.add(`${kind}.${key}`);
  }
  return [...keys].sort();
}

export function requireRun(node: unknown): RunNode {
  if (!node || (node as RunsNode).kind !== 'run') throw new UserError('Choose a run in the Runs view first.');
  return node as RunNode;
}

function selectedRuns(view: vscode.TreeView<RunsNode>, node: unknown, selected: unknown): RunNode[] {
  const fromMenu = Array.isArray(selected) ? (selected as RunsNode[]) : node ? [node as RunsNode] : [...view.selection];
  const runs = fromMenu.filter((n): n is RunNode => n.kind === 'run');
  if (runs.length === 0) throw new UserError('Choose one or more runs in the Runs view first.');
  return runs;
}
