import type { WorkspaceFolder } from 'vscode';
import { UserError } from '../../vscode/userError';
import type { RunNode, RunsNode } from '../runs/runsNodes';

export const MIN_COMPARED_RUNS = 2;
export const MAX_COMPARED_RUNS = 200;

export interface RunsToCompare {
  folder: WorkspaceFolder;
  runIds: string[];
}

/** How the inline metrics (hover link, lens, status bar) name runs to `mlops.runs.compare`. */
export interface CompareRunsArgument {
  /** the workspace folder's URI (`Uri.toString()`), whose store holds the runs */
  folder: string;
  runIds: string[];
}

export function isCompareRunsArgument(value: unknown): value is CompareRunsArgument {
  if (typeof value !== 'object' || value === null) return false;
  const { folder, runIds } = value as Record<string, unknown>;
  return typeof folder === 'string' && Array.isArray(runIds) && runIds.every((id) => typeof id === 'string');
}

/**
 * Runs named by their folder and ids. One run is enough here: the status bar opens the panel on
 * the run training now, and a lens on the only run that logged a metric.
 */
export function namedRunsToCompare(argument: CompareRunsArgument, folders: readonly WorkspaceFolder[]): RunsToCompare {
  const folder = folders.find((f) => f.uri.toString() === argument.folder);
  if (!folder) throw new UserError(`The runs to compare are in ${argument.folder}, which is not a folder of this workspace (any more). Open the Runs view and select runs there.`);
  const runIds = [...new Set(argument.runIds)];
  if (runIds.length === 0) throw new UserError('No runs were given to compare. Select runs in the Runs view and run Compare Runs.');
  return checkedCount({ folder, runIds }, 1);
}

/**
 * The nodes a tree command acts on, as VS Code passes them: `(clicked, selected)` for a context
 * menu on a multi-selection, `(clicked)` for an inline action, nothing from a title or keybinding.
 */
export function nodesOfCommand(clicked: unknown, selected: unknown, viewSelection: readonly RunsNode[]): RunsNode[] {
  if (Array.isArray(selected) && selected.length > 0) return selected as RunsNode[];
  if (!clicked) return [...viewSelection];
  const node = clicked as RunsNode;
  const id = runKey(node);
  // An inline action on a selected row acts on the whole selection, as VS Code's own lists do.
  return id && viewSelection.some((n) => runKey(n) === id) ? [...viewSelection] : [node];
}

function runKey(node: RunsNode): string | undefined {
  return node.kind === 'run' ? `${node.folder.uri.toString()} ${node.run.info.run_id}` : undefined;
}

/** Checks what may be compared: 2 to 200 runs of one folder's store; duplicates count once. */
export function runsToCompare(nodes: readonly RunsNode[]): RunsToCompare {
  const runs = nodes.filter((node): node is RunNode => node.kind === 'run');
  if (runs.length === 0) throw new UserError('Select two or more runs in the Runs view to compare them (Ctrl+click or Shift+click adds runs to the selection).');
  const folders = new Map(runs.map((node) => [node.folder.uri.toString(), node.folder]));
  if (folders.size > 1) {
    const names = [...folders.values()].map((f) => f.name).join(', ');
    throw new UserError(`The selected runs come from ${folders.size} workspace folders (${names}); a comparison shows the runs of one folder's tracking store. Select runs of one folder.`);
  }
  const runIds = [...new Set(runs.map((node) => node.run.info.run_id))];
  return checkedCount({ folder: runs[0].folder, runIds });
}

export function checkedCount(selection: RunsToCompare, minimum = MIN_COMPARED_RUNS): RunsToCompare {
  const count = selection.runIds.length;
  if (count < minimum) throw new UserError('Select at least two runs to compare (Ctrl+click or Shift+click adds runs to the selection).');
  if (count > MAX_COMPARED_RUNS) throw new UserError(`${count} runs are selected; a comparison shows at most ${MAX_COMPARED_RUNS}. Select fewer runs, or narrow the filter.`);
  return selection;
}
