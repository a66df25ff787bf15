import * as vscode from 'vscode';
import { setContext } from '../../vscode/contextKeys';
import type { FeatureServices } from '../featureServices';
import { DataPreviews } from './dataPreviews';
import { registerDatasetsCommands } from './datasetsCommands';
import { DatasetsLiveUpdates } from './datasetsLiveUpdates';
import type { DatasetsNode } from './datasetsNodes';
import { DatasetsTree } from './datasetsTree';

export interface DatasetsFeature {
  tree: DatasetsTree;
  view: vscode.TreeView<DatasetsNode>;
  previews: DataPreviews;
}

/** The Datasets view: MLflow datasets and DVC data with their lineage, and read-only previews of data files. */
export function registerDatasetsFeature(
  context: vscode.ExtensionContext,
  services: FeatureServices,
): DatasetsFeature {
  const { stores, watches, commands, logger } = services;
  const tree = new DatasetsTree(stores, logger);
  const view = vscode.window.createTreeView('mlops.datasets', { treeDataProvider: tree, showCollapseAll: true });
  const live = new DatasetsLiveUpdates(tree, watches, logger);
  const previews = new DataPreviews(logger);
  context.subscriptions.push(
    tree,
    view,
    live,
    previews,
    tree.onDidChangeState((viewState) => setContext('mlops.datasets.state', viewState)),
    view.onDidChangeVisibility((event) => live.setVisible(event.visible)),
    stores.onDidChange(() => tree.reload()),
  );
  live.setVisible(view.visible);
  registerDatasetsCommands(commands, tree, previews);
  return { tree, view, previews };
}
