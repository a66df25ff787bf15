import * as vscode from 'vscode';
import { describeError } from '../../core/tracking/errors';
import type { StoreProblem, TrackingStore } from '../../core/tracking/types';
import type { ViewState } from '../../vscode/contextKeys';
import type { Logger } from '../../vscode/logger';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { type FolderModels, loadFolderModels } from './folderModels';
import { loggedModelExperimentItem, loggedModelItem, loggedModelsItem, modelVersionItem, registeredModelItem } from './modelItems';
import type { FolderNode, LoggedModelsNode, MessageNode, ModelsNode } from './modelsNodes';
import { nodeId } from './modelsNodes';

/** What was loaded from a folder's store; the promise lets concurrent expansions share one load. */
interface Snapshot {
  store: TrackingStore;
  loading: Promise<FolderModels>;
}

/** Registered models and their versions, then MLflow 3's logged models by experiment, for each folder's store. */
export class ModelsTree implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<ViewState>();
  /** the single-folder state, for welcome content */
  readonly onDidChangeState = this.stateChanged.event;
  /** by folder URI */
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly logger: Logger,
  ) {}

  /** Forgets everything loaded: the next expansion asks the store again. */
  reload(): void {
    this.snapshots.clear();
    this.changed.fire(undefined);
  }

  /** Loads every folder shown again and redraws only when something changed; ids stay, so expansion does too. */
  async refreshLoaded(signal?: AbortSignal): Promise<void> {
    let changed = false;
    for (const [key, snapshot] of [...this.snapshots]) {
      const before = await snapshot.loading.catch(() => undefined);
      if (!before) continue;
      const models = await loadFolderModels(snapshot.store, signal);
      if (this.snapshots.get(key) !== snapshot || models.fingerprint === before.fingerprint) continue;
      this.logFailures(snapshot.store, models);
      this.snapshots.set(key, { store: snapshot.store, loading: Promise.resolve(models) });
      changed = true;
    }
    if (changed) this.changed.fire(undefined);
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    if (!node) {
      const folders = this.stores.folders();
      if (folders.length === 1) return this.folderChildren({ kind: 'folder', folder: folders[0] }, true);
      this.stateChanged.fire(folders.length === 0 ? 'noStore' : 'ready');
      return folders.map((folder): FolderNode => ({ kind: 'folder', folder }));
    }
    switch (node.kind) {
      case 'folder':
        return this.folderChildren(node, false);
      case 'registeredModel':
        return node.model.versions.map((version) => ({ kind: 'modelVersion', folder: node.folder, store: node.store, model: node.model, version }));
      case 'loggedModels':
        return this.loggedModelsChildren(node);
      case 'loggedModelExperiment':
        return node.group.models.map((model) => ({ kind: 'loggedModel', folder: node.folder, store: node.store, model }));
      default:
        return [];
    }
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    const item = this.itemFor(node, Date.now());
    item.id = nodeId(node);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.stateChanged.dispose();
  }

  private async folderChildren(node: FolderNode, only: boolean): Promise<ModelsNode[]> {
    const { folder } = node;
    const entry = await this.stores.get(folder);
    const report = (state: ViewState) => only && this.stateChanged.fire(state);
    if (entry.status === 'noStore') {
      report('noStore');
      return only ? [] : [message(`${folder.uri}:nostore`, 'No MLflow tracking store in this folder', 'info', chooseStoreCommand)];
    }
    if (entry.status === 'error') {
      report('error');
      return [message(`${folder.uri}:error`, entry.message, 'error', showLogCommand)];
    }
    const store = entry.store;
    const { registered, logged } = await this.models(folder, store);
    const loggedCount = logged.ok ? logged.value.reduce((sum, group) => sum + group.models.length, 0) : undefined;
    // When the registry cannot be read either, its message already says why the store failed.
    const showLogged = logged.ok ? loggedCount !== 0 || logged.problems.length > 0 : registered.ok;
    if (!registered.ok) {
      report('error');
      const nodes: ModelsNode[] = [message(`${folder.uri}:registry`, `Cannot read the model registry: ${describeError(registered.error)}`, 'error', showLogCommand)];
      return showLogged ? [...nodes, { kind: 'loggedModels', folder, store, count: loggedCount }] : nodes;
    }
    const nodes: ModelsNode[] = registered.value.map((model) => ({ kind: 'registeredModel', folder, store, model }));
    nodes.push(...problemNodes(`${folder.uri}:registry`, registered.problems));
    if (nodes.length === 0 && !showLogged) {
      report('empty');
      return only ? [] : [message(`${folder.uri}:noModels`, 'No models yet', 'info')];
    }
    report('ready');
    if (registered.value.length === 0) nodes.unshift(message(`${folder.uri}:noRegistered`, 'No registered models yet', 'info'));
    if (showLogged) nodes.push({ kind: 'loggedModels', folder, store, count: loggedCount });
    return nodes;
  }

  private async loggedModelsChildren(node: LoggedModelsNode): Promise<ModelsNode[]> {
    const entry = await this.stores.get(node.folder);
    // The folder's store was replaced; the reload that follows draws the new one's nodes.
    if (entry.status !== 'ready' || entry.store !== node.store) return [];
    const { logged } = await this.models(node.folder, node.store);
    const key = `${node.folder.uri}:logged`;
    if (!logged.ok) {
      return [message(key, `Cannot list logged models: ${describeError(logged.error)}`, 'error', showLogCommand)];
    }
    return [
      ...logged.value.map((group): ModelsNode => ({ kind: 'loggedModelExperiment', folder: node.folder, store: node.store, group })),
      ...problemNodes(key, logged.problems),
    ];
  }

  private models(folder: vscode.WorkspaceFolder, store: TrackingStore): Promise<FolderModels> {
    const key = folder.uri.toString();
    const known = this.snapshots.get(key);
    if (known && known.store === store) return known.loading;
    const loading = loadFolderModels(store).then((models) => {
      this.logFailures(store, models);
      return models;
    });
    const snapshot = { store, loading };
    this.snapshots.set(key, snapshot);
    // A failed load (cancelled) is not kept, so the next expansion tries again.
    loading.catch(() => this.snapshots.get(key) === snapshot && this.snapshots.delete(key));
    return loading;
  }

  private logFailures(store: TrackingStore, { registered, logged }: FolderModels): void {
    if (!registered.ok) this.logger.error(`Models: cannot read the model registry of ${store.uri}`, registered.error);
    if (!logged.ok) this.logger.error(`Models: cannot list the logged models of ${store.uri}`, logged.error);
  }

  private itemFor(node: ModelsNode, now: number): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'registeredModel':
        return registeredModelItem(node, now);
      case 'modelVersion':
        return modelVersionItem(node, now);
      case 'loggedModels':
        return loggedModelsItem(node);
      case 'loggedModelExperiment':
        return loggedModelExperimentItem(node);
      case 'loggedModel':
        return loggedModelItem(node, now);
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

const showLogCommand: vscode.Command = { title: 'Show Log', command: 'mlops.showLog' };
const chooseStoreCommand: vscode.Command = { title: 'Choose Tracking Store', command: 'mlops.chooseStore' };

function problemNodes(key: string, problems: StoreProblem[]): MessageNode[] {
  return problems.map((problem) => message(`${key}:${problem.item}`, `Skipped ${problem.item}`, 'warning', showLogCommand, problem.message));
}

function message(id: string, text: string, icon: MessageNode['icon'], command?: vscode.Command, tooltip?: string): MessageNode {
  return { kind: 'message', id, text, icon, command, tooltip };
}
