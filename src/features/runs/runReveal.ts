import type * as vscode from 'vscode';
import { UserError } from '../../vscode/userError';
import type { ExperimentNode, RunNode, RunsNode } from './runsNodes';
import { nodeId } from './runsNodes';
import type { RunsTree } from './runsTree';

/** how many more pages of an experiment's runs are loaded looking for the run before giving up */
const MAX_EXTRA_PAGES = 20;

/**
 * Shows one run in the Runs view, for other views (a model version's source run): finds its
 * experiment, loads pages of its runs until the run is among them, then selects it.
 */
export async function revealRun(
  runs: { tree: RunsTree; view: vscode.TreeView<RunsNode> },
  folder: vscode.WorkspaceFolder,
  experimentId: string,
  runId: string,
  signal?: AbortSignal,
): Promise<RunNode> {
  const experiment = await findExperiment(runs.tree, folder, experimentId);
  const run = await findRun(runs.tree, experiment, runId, signal);
  await runs.view.reveal(run, { select: true, focus: true, expand: false });
  return run;
}

async function findExperiment(tree: RunsTree, folder: vscode.WorkspaceFolder, experimentId: string): Promise<ExperimentNode> {
  const sameFolder = (node: RunsNode) => 'folder' in node && node.folder.uri.toString() === folder.uri.toString();
  let nodes = await tree.getChildren();
  const folderNode = nodes.find((node) => node.kind === 'folder' && sameFolder(node));
  if (folderNode) nodes = await tree.getChildren(folderNode);
  const experiment = nodes.find((node): node is ExperimentNode => node.kind === 'experiment' && sameFolder(node) && node.experiment.experiment_id === experimentId);
  if (experiment) return experiment;
  const failure = nodes.find((node) => node.kind === 'message' && node.icon === 'error');
  if (failure?.kind === 'message') throw new UserError(`The Runs view cannot show the runs of ${folder.name}: ${failure.text}`);
  throw new UserError(`Experiment ${experimentId} is not in the Runs view of ${folder.name}: it is deleted or no longer exists (deleted experiments show with MLOps: Show Deleted Runs).`);
}

async function findRun(tree: RunsTree, experiment: ExperimentNode, runId: string, signal?: AbortSignal): Promise<RunNode> {
  const key = nodeId(experiment);
  const { experiment_id: experimentId, name } = experiment.experiment;
  for (let extraPages = 0; ; extraPages += 1) {
    const children = await tree.getChildren(experiment);
    const run = children.find((node): node is RunNode => node.kind === 'run' && node.run.info.run_id === runId);
    if (run) return run;
    if (!tree.pages.get(key)?.nextPageToken || extraPages === MAX_EXTRA_PAGES) break;
    await tree.pages.loadMore(key, experiment.store, experimentId, tree.searchFor, signal);
    tree.redraw(experiment);
  }
  const search = tree.searchFor(experimentId);
  const shown = tree.pages.get(key)?.runs.length ?? 0;
  const why = search.filter
    ? `the filter "${search.filter}" hides it (MLOps: Clear Run Filter shows every run)`
    : tree.pages.get(key)?.nextPageToken
      ? `it is not among the first ${shown} runs shown`
      : search.view === 'active'
        ? 'it is deleted (MLOps: Show Deleted Runs shows it)'
        : 'it is not in the experiment any more';
  throw new UserError(`Run ${runId} is not shown in experiment "${name}" of the Runs view: ${why}.`);
}
