import * as vscode from 'vscode';
import type { Logger } from '../../vscode/logger';
import type { SharedStoreWatches } from '../stores/sharedStoreWatches';
import type { DatasetsTree } from './datasetsTree';

const COALESCE_MS = 500;

/**
 * Keeps the Datasets view current: DVC files (and commits, which make new versions) are watched
 * always, since watching files costs nothing; tracking stores only while the view is visible,
 * because a server can only be polled.
 */
export class DatasetsLiveUpdates implements vscode.Disposable {
  private following: vscode.Disposable | undefined;
  private readonly fileWatchers: vscode.FileSystemWatcher[];
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, { folder: vscode.WorkspaceFolder; tracking: boolean; dvc: boolean }>();

  constructor(
    private readonly tree: DatasetsTree,
    private readonly watches: SharedStoreWatches,
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
    if (visible && !this.following) this.following = this.watches.follow((folder) => this.schedule(folder, 'tracking'));
    else if (!visible) {
      this.following?.dispose();
      this.following = undefined;
    }
  }

  dispose(): void {
    this.following?.dispose();
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
}
