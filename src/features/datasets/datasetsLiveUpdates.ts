import * as vscode from 'vscode';
import type { Disposable } from '../../core/tracking/types';
import type { Logger } from '../../vscode/logger';
import type { Settings } from '../../vscode/settings';
import type { WorkspaceStores } from '../stores/workspaceStores';
import type { DatasetsTree } from './datasetsTree';

const COALESCE_MS = 500;

/**
 * Keeps the Datasets view current: DVC files (and commits, which make new versions) are watched
 * always, since watching files costs nothing; tracking stores only while the view is visible,
 * because a server can only be polled.
 */
export class DatasetsLiveUpdates implements vscode.Disposable {
  private storeWatches: Disposable[] = [];
  private readonly fileWatchers: vscode.FileSystemWatcher[];
  private visible = false;
  /** tells a subscription that resolves late whether it is still wanted */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, { folder: vscode.WorkspaceFolder; tracking: boolean; dvc: boolean }>();

  constructor(
    private readonly tree: DatasetsTree,
    private readonly stores: WorkspaceStores,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {
    // `.git/logs/HEAD` changes on every commit and checkout: both can make or change a version.
    this.fileWatchers = ['**/*.dvc', '**/dvc.lock', '**/.git/logs/HEAD'].map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      const changed = (uri: vscode.Uri) => this.dvcChanged(uri);
      watcher.onDidCreate(changed);
      watcher.onDidChange(changed);
      watcher.onDidDelete(changed);
      return watcher;
    });
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.resubscribe();
  }

  /** Call after the stores were reopened. */
  resubscribe(): void {
    this.stopWatchingStores();
    const generation = ++this.generation;
    if (!this.visible) return;
    for (const folder of this.stores.folders()) {
      void this.stores.get(folder).then((entry) => {
        if (entry.status !== 'ready' || generation !== this.generation) return;
        const watch = entry.store.watch(() => this.schedule(folder, 'tracking'), { pollIntervalMs: this.settings.refreshIntervalMs() });
        this.storeWatches.push(watch);
      });
    }
  }

  dispose(): void {
    this.visible = false;
    this.stopWatchingStores();
    for (const watcher of this.fileWatchers) watcher.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.pending.clear();
  }

  private dvcChanged(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    this.logger.debug(`Datasets: ${uri.fsPath} changed`);
    this.schedule(folder, 'dvc');
  }

  private schedule(folder: vscode.WorkspaceFolder, part: 'tracking' | 'dvc'): void {
    const key = folder.uri.toString();
    const entry = this.pending.get(key) ?? { folder, tracking: false, dvc: false };
    entry[part] = true;
    this.pending.set(key, entry);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const { folder, tracking, dvc } of due) {
      if (tracking) this.tree.reloadTracking(folder);
      if (dvc) this.tree.reloadDvc(folder);
    }
  }

  private stopWatchingStores(): void {
    for (const watch of this.storeWatches) watch.dispose();
    this.storeWatches = [];
  }
}
