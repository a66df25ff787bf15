import * as vscode from 'vscode';
import { setContext } from '../../vscode/contextKeys';
import type { FeatureServices } from '../featureServices';
import type { RunsFeature } from '../runs/runsFeature';
import { registerAliasCommands } from './aliasCommands';
import { registerModelsCommands } from './modelsCommands';
import { ModelsLiveUpdates } from './modelsLiveUpdates';
import type { ModelsNode } from './modelsNodes';
import { ModelsTree } from './modelsTree';

export interface ModelsFeature {
  tree: ModelsTree;
  view: vscode.TreeView<ModelsNode>;
}

/** The Models view: registered models and their versions, and MLflow 3's logged models, following live changes. */
export function registerModelsFeature(
  context: vscode.ExtensionContext,
  services: FeatureServices & { runs: RunsFeature },
): ModelsFeature {
  const { stores, watches, commands, logger, runs } = services;
  const tree = new ModelsTree(stores, logger);
  const view = vscode.window.createTreeView('mlops.models', { treeDataProvider: tree, showCollapseAll: true });
  const live = new ModelsLiveUpdates(tree, watches, logger);
  context.subscriptions.push(
    tree,
    view,
    live,
    tree.onDidChangeState((viewState) => setContext('mlops.models.state', viewState)),
    view.onDidChangeVisibility((event) => live.setVisible(event.visible)),
    stores.onDidChange(() => tree.reload()),
  );
  live.setVisible(view.visible);
  registerModelsCommands(commands, { tree, view, stores, runs });
  registerAliasCommands(commands, { tree, view, stores });
  return { tree, view };
}
