import * as vscode from 'vscode';
import { setContext } from '../../vscode/contextKeys';
import type { FeatureServices } from '../featureServices';
import { registerRunCodeCommands } from './runCodeCommands';
import { registerRunsCommands } from './runsCommands';
import { RunsLiveUpdates } from './runsLiveUpdates';
import type { RunsNode } from './runsNodes';
import { RunsTree } from './runsTree';
import { RunsViewState } from './runsViewState';

export interface RunsFeature {
  tree: RunsTree;
  view: vscode.TreeView<RunsNode>;
  state: RunsViewState;
}

/** The Runs view: experiments and their runs, filtered and sorted, following live changes. */
export function registerRunsFeature(
  context: vscode.ExtensionContext,
  services: FeatureServices,
): RunsFeature {
  const { stores, watches, commands, settings, logger } = services;
  const state = new RunsViewState(context.workspaceState);
  const tree = new RunsTree(stores, state, settings, logger);
  const view = vscode.window.createTreeView('mlops.runs', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const live = new RunsLiveUpdates(tree, stores, watches, logger);
  const describe = () => {
    const parts = [state.filter && `filter: ${state.filter}`, state.orderBy && `sorted by ${state.orderBy}`, state.showDeleted && 'with deleted'];
    view.description = parts.filter(Boolean).join(' · ') || undefined;
  };
  describe();
  context.subscriptions.push(
    state,
    tree,
    view,
    live,
    tree.onDidChangeState((viewState) => setContext('mlops.runs.state', viewState)),
    view.onDidChangeVisibility((event) => live.setVisible(event.visible)),
    state.onDidChange(() => {
      describe();
      tree.reload();
    }),
    stores.onDidChange(() => {
      tree.reload();
      live.forget();
    }),
    settings.onDidChange((event) => {
      if (event.affectsConfiguration('mlops.runs')) tree.reload();
    }),
  );
  live.setVisible(view.visible);
  registerRunsCommands(commands, tree, view, state);
  registerRunCodeCommands(context, commands);
  return { tree, view, state };
}
