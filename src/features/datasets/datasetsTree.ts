import * as vscode from 'vscode';
import type { ViewState } from '../../vscode/contextKeys';
import type { Logger } from '../../vscode/logger';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { datasetRunNodes, datasetVersionNodes, dvcOutputChildren, dvcVersionRunNodes, modelVersionNodes } from './datasetsChildren';
import type { DatasetsNode, DvcGroupNode, FolderNode, MlflowGroupNode } from './datasetsNodes';
import { chooseStoreCommand, message, nodeId, problemNodes, showLogCommand } from './datasetsNodes';
import { dvcGroupItem, dvcOutputItem, dvcVersionItem } from './dvcItems';
import { FolderDatasets } from './folderDatasets';
import { datasetItem, datasetVersionItem, mlflowGroupItem, modelVersionItem, runItem } from './mlflowItems';

/**
 * For each workspace folder: the datasets its tracking store logged (versions, the runs that used
 * them, the models registered from those runs) and the data DVC tracks (versions from git, the
 * runs that trained on each).
 */
export class DatasetsTree implements vscode.TreeDataProvider<DatasetsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasetsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<ViewState>();
  /** the single-folder state, for welcome content */
  readonly onDidChangeState = this.stateChanged.event;
  private readonly folders = new Map<string, FolderDatasets>();

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly logger: Logger,
  ) {}

  /** Forgets everything loaded: the next expansion asks the stores and git again. */
  reload(): void {
    this.folders.clear();
    this.changed.fire(undefined);
  }

  /** A tracking store changed: its datasets, runs and models load again; ids stay, so expansion does too. */
  reloadTracking(folder: vscode.WorkspaceFolder): void {
    this.folders.get(folder.uri.toString())?.forgetTracking();
    this.changed.fire(undefined);
  }

  /** DVC files or the git history of a folder changed. */
  reloadDvc(folder: vscode.WorkspaceFolder): void {
    this.folders.get(folder.uri.toString())?.forgetDvc();
    this.changed.fire(undefined);
  }

  async getChildren(node?: DatasetsNode): Promise<DatasetsNode[]> {
    if (!node) {
      const folders = this.stores.folders();
      if (folders.length === 1) return this.folderChildren({ kind: 'folder', folder: folders[0] }, true);
      this.stateChanged.fire(folders.length === 0 ? 'noStore' : 'ready');
      return folders.map((folder): FolderNode => ({ kind: 'folder', folder }));
    }
    switch (node.kind) {
      case 'folder':
        return this.folderChildren(node, false);
      case 'mlflowGroup':
        return [
          ...node.datasets.map((dataset): DatasetsNode => ({ kind: 'dataset', folder: node.folder, dataset })),
          ...problemNodes(nodeId(node), node.problems),
        ];
      case 'dataset':
        return datasetVersionNodes(this.data(node.folder), node);
      case 'datasetVersion':
        return datasetRunNodes(this.data(node.folder), node);
      case 'run':
        return modelVersionNodes(node);
      case 'dvcGroup':
        return [
          ...node.outputs.map((output): DatasetsNode => ({ kind: 'dvcOutput', folder: node.folder, output })),
          ...problemNodes(nodeId(node), node.problems),
        ];
      case 'dvcOutput':
        return dvcOutputChildren(this.data(node.folder), node);
      case 'dvcVersion':
        return dvcVersionRunNodes(this.data(node.folder), node);
      default:
        return [];
    }
  }

  getTreeItem(node: DatasetsNode): vscode.TreeItem {
    const item = this.itemFor(node);
    item.id = nodeId(node);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.stateChanged.dispose();
  }

  private data(folder: vscode.WorkspaceFolder): FolderDatasets {
    const key = folder.uri.toString();
    let data = this.folders.get(key);
    if (!data) {
      data = new FolderDatasets(folder, this.stores, this.logger);
      this.folders.set(key, data);
    }
    return data;
  }

  /** Both halves load on their own: a store that cannot be read still leaves the DVC data listed. */
  private async folderChildren(node: FolderNode, only: boolean): Promise<DatasetsNode[]> {
    const { folder } = node;
    const data = this.data(folder);
    const [mlflow, dvc] = await Promise.all([data.mlflowDatasets(), data.dvcData()]);
    const key = folder.uri.toString();
    const { workspace } = dvc;
    const dvcNodes: DatasetsNode[] = [];
    if (workspace.outputs.length > 0 || workspace.problems.length > 0) {
      const group: DvcGroupNode = { kind: 'dvcGroup', folder, outputs: workspace.outputs, files: workspace.files, problems: workspace.problems, truncated: workspace.truncated };
      dvcNodes.push(group);
    }
    const nodes: DatasetsNode[] = [];
    let state: ViewState;
    if (mlflow.status === 'noStore') {
      state = 'noStore';
      if (!only || dvcNodes.length > 0) nodes.push(message(`${key}:nostore`, 'No MLflow tracking store in this folder', 'info', chooseStoreCommand));
    } else if (mlflow.status === 'error') {
      state = 'error';
      nodes.push(message(`${key}:error`, mlflow.message, 'error', showLogCommand));
    } else if (mlflow.data.datasets.length > 0 || mlflow.data.problems.length > 0) {
      state = 'ready';
      const group: MlflowGroupNode = { kind: 'mlflowGroup', folder, storeUri: mlflow.data.store.uri, datasets: mlflow.data.datasets, problems: mlflow.data.problems };
      nodes.push(group);
    } else {
      state = 'empty';
    }
    nodes.push(...dvcNodes);
    if (state !== 'error' && dvcNodes.length > 0) state = 'ready';
    if (only) this.stateChanged.fire(state);
    else if (nodes.length === 0) nodes.push(message(`${key}:none`, 'No datasets: none logged to MLflow, no data tracked by DVC', 'info'));
    return nodes;
  }

  private itemFor(node: DatasetsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'mlflowGroup':
        return mlflowGroupItem(node);
      case 'dataset':
        return datasetItem(node);
      case 'datasetVersion':
        return datasetVersionItem(node);
      case 'run':
        return runItem(node);
      case 'modelVersion':
        return modelVersionItem(node);
      case 'dvcGroup':
        return dvcGroupItem(node);
      case 'dvcOutput':
        return dvcOutputItem(node);
      case 'dvcVersion':
        return dvcVersionItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.tooltip ?? node.text;
        item.command = node.command;
        return item;
      }
    }
  }
}
