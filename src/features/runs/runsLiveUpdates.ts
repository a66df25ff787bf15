import * as vscode from 'vscode';
import { describeError } from '../../core/tracking/errors';
import type { Disposable, TrackingStore } from '../../core/tracking/types';
import type { Logger } from '../../vscode/logger';
import type { Settings } from '../../vscode/settings';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { nodeId } from './runsNodes';
import type { RunsTree } from './runsTree';

const COALESCE_MS = 300;

/**
 * Follows the stores while the Runs view is visible: a run that is training updates in place and
 * new runs appear, without collapsing the tree. Servers are polled only while the view is visible.
 */
export class RunsLiveUpdates implements vscode.Disposable {
  private watches: Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private pending = false;
  private visible = false;
  /** bumped on every resubscribe, so a store that opens late does not add a stale watch */
  private generation = 0;
  private experimentIds = new Map<string, string>();

  constructor(
    private readonly tree: RunsTree,
    private readonly stores: WorkspaceStores,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.resubscribe();
  }

  /** Call after the stores were reopened. */
  resubscribe(): void {
    this.stopWatching();
    const generation = ++this.generation;
    if (!this.visible) return;
    for (const folder of this.stores.folders()) {
      void this.stores.get(folder).then(async (entry) => {
        if (entry.status !== 'ready' || !this.visible || generation !== this.generation) return;
        this.watches.push(this.watch(entry.store));
        await this.rememberExperiments(folder, entry.store).catch(() => undefined);
      });
    }
  }

  dispose(): void {
    this.visible = false;
    this.generation++;
    this.stopWatching();
  }

  private watch(store: TrackingStore): Disposable {
    return store.watch(() => this.schedule(), { pollIntervalMs: this.settings.refreshIntervalMs() });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.refreshing) {
        this.pending = true;
        return;
      }
      this.refreshing = this.refresh().finally(() => {
        this.refreshing = undefined;
        if (this.pending) {
          this.pending = false;
          this.schedule();
        }
      });
    }, COALESCE_MS);
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

  /** Records the folder's experiments; true when they differ from what was recorded before. */
  private async rememberExperiments(folder: vscode.WorkspaceFolder, store: TrackingStore): Promise<boolean> {
    const listing = await store.listExperiments('all');
    const ids = listing.items.map((e) => `${e.experiment_id}:${e.lifecycle_stage}:${e.name}`).sort().join(',');
    const key = folder.uri.toString();
    const before = this.experimentIds.get(key);
    this.experimentIds.set(key, ids);
    return before !== undefined && before !== ids;
  }

  private stopWatching(): void {
    for (const watch of this.watches) watch.dispose();
    this.watches = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
