import * as vscode from 'vscode';
import { CoalescedTask } from '../../core/async/coalescedTask';
import { describeError } from '../../core/tracking/errors';
import type { TrackingStore } from '../../core/tracking/types';
import type { Logger } from '../../vscode/logger';
import type { SharedStoreWatches } from '../stores/sharedStoreWatches';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { nodeId } from './runsNodes';
import type { RunsTree } from './runsTree';

const COALESCE_MS = 300;

/**
 * Follows the stores while the Runs view is visible: a run that is training updates in place and
 * new runs appear, without collapsing the tree.
 */
export class RunsLiveUpdates implements vscode.Disposable {
  private following: vscode.Disposable | undefined;
  private readonly task: CoalescedTask;
  private experimentIds = new Map<string, string>();

  constructor(
    private readonly tree: RunsTree,
    private readonly stores: WorkspaceStores,
    private readonly watches: SharedStoreWatches,
    private readonly logger: Logger,
  ) {
    this.task = new CoalescedTask(() => this.refresh(), COALESCE_MS, (error) => logger.debug(`Runs: live refresh failed: ${describeError(error)}`));
  }

  setVisible(visible: boolean): void {
    if (visible && !this.following) {
      this.following = this.watches.follow(() => this.task.request());
      void this.rememberAllExperiments();
    } else if (!visible) {
      this.following?.dispose();
      this.following = undefined;
    }
  }

  /** Call after the stores were reopened: what was remembered of them no longer holds. */
  forget(): void {
    this.experimentIds.clear();
    if (this.following) void this.rememberAllExperiments();
  }

  dispose(): void {
    this.following?.dispose();
    this.task.dispose();
  }

  private async refresh(): Promise<void> {
    let experimentsChanged = false;
    for (const folder of this.stores.folders()) {
      const entry = await this.stores.get(folder);
      if (entry.status !== 'ready') continue;
      try {
        if (await this.rememberExperiments(folder, entry.store)) experimentsChanged = true;
      } catch (error) {
        this.logger.debug(`Runs: live refresh could not list experiments: ${describeError(error)}`);
      }
    }
    for (const node of this.tree.loadedExperiments()) {
      try {
        const changed = await this.tree.pages.refresh(nodeId(node), node.store, node.experiment.experiment_id, this.tree.searchFor);
        if (changed && !experimentsChanged) this.tree.redraw(node);
      } catch (error) {
        this.logger.debug(`Runs: live refresh of experiment ${node.experiment.experiment_id} failed: ${describeError(error)}`);
      }
    }
    if (experimentsChanged) this.tree.redraw();
  }

  private async rememberAllExperiments(): Promise<void> {
    for (const folder of this.stores.folders()) {
      const entry = await this.stores.get(folder);
      if (entry.status === 'ready') await this.rememberExperiments(folder, entry.store).catch(() => false);
    }
  }

  /** Records the folder's experiments; true when they differ from what was recorded before. */
  private async rememberExperiments(folder: vscode.WorkspaceFolder, store: TrackingStore): Promise<boolean> {
    const listing = await store.listExperiments('all');
    const ids = listing.items.map((e) => `${e.experiment_id}:${e.lifecycle_stage}:${e.name}`).sort().join(',');
    const key = folder.uri.toString();
    const before = this.experimentIds.get(key);
    this.experimentIds.set(key, ids);
    return before !== undefined && before !== ids;
  }
}
