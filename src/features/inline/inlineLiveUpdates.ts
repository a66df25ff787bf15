import * as vscode from 'vscode';
import { CoalescedTask } from '../../core/async/coalescedTask';
import { describeError } from '../../core/tracking/errors';
import type { Logger } from '../../vscode/logger';
import type { SharedStoreWatches } from '../stores/sharedStoreWatches';
import type { MetricCodeLensProvider } from './metricCodeLens';
import type { RecentMetricRunsCache } from './recentMetricRunsCache';

// A training loop logs many times a second; the lenses catch up once the burst settles.
const COALESCE_MS = 500;

/**
 * Keeps the lenses and hovers current while a Python editor is visible: a change to a folder's
 * store drops what was read from it and asks VS Code for the lenses again. With no Python editor
 * visible nothing is followed, and what was read is dropped as it can no longer be kept current.
 */
export class InlineLiveUpdates implements vscode.Disposable {
  private following: vscode.Disposable | undefined;
  private readonly changedFolders = new Map<string, vscode.WorkspaceFolder>();
  private readonly task: CoalescedTask;

  constructor(
    private readonly watches: SharedStoreWatches,
    private readonly cache: RecentMetricRunsCache,
    private readonly codeLenses: MetricCodeLensProvider,
    logger: Logger,
  ) {
    this.task = new CoalescedTask(async () => this.catchUp(), COALESCE_MS, (error) => logger.debug(`Inline metrics: ${describeError(error)}`));
  }

  /** Follows the stores if `active` (some inline feature is on) and a Python editor is visible. */
  update(active: boolean): void {
    const wanted = active && vscode.window.visibleTextEditors.some((editor) => editor.document.languageId === 'python');
    if (wanted && !this.following) {
      this.following = this.watches.follow((folder) => {
        this.changedFolders.set(folder.uri.toString(), folder);
        this.task.request();
      });
    } else if (!wanted && this.following) {
      this.following.dispose();
      this.following = undefined;
      this.changedFolders.clear();
      this.cache.invalidate();
    }
  }

  dispose(): void {
    this.following?.dispose();
    this.task.dispose();
  }

  private catchUp(): void {
    if (this.changedFolders.size === 0) return;
    for (const folder of this.changedFolders.values()) this.cache.invalidate(folder);
    this.changedFolders.clear();
    this.codeLenses.refresh();
  }
}
