import * as vscode from 'vscode';
import { CoalescedTask } from '../../core/async/coalescedTask';
import { describeError } from '../../core/tracking/errors';
import type { Logger } from '../../vscode/logger';
import type { SharedStoreWatches } from '../stores/sharedStoreWatches';
import type { ModelsTree } from './modelsTree';

const COALESCE_MS = 300;

/** Follows the stores while the Models view is visible: any change reloads the models shown, redrawn only if they differ. */
export class ModelsLiveUpdates implements vscode.Disposable {
  private following: vscode.Disposable | undefined;
  private readonly task: CoalescedTask;

  constructor(
    tree: ModelsTree,
    private readonly watches: SharedStoreWatches,
    logger: Logger,
  ) {
    this.task = new CoalescedTask(() => tree.refreshLoaded(), COALESCE_MS, (error) => logger.debug(`Models: live refresh failed: ${describeError(error)}`));
  }

  setVisible(visible: boolean): void {
    if (visible && !this.following) this.following = this.watches.follow(() => this.task.request());
    else if (!visible) {
      this.following?.dispose();
      this.following = undefined;
    }
  }

  dispose(): void {
    this.following?.dispose();
    this.task.dispose();
  }
}
