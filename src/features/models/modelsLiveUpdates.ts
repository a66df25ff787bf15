import * as vscode from 'vscode';
import { describeError } from '../../core/tracking/errors';
import type { Disposable } from '../../core/tracking/types';
import type { Logger } from '../../vscode/logger';
import type { Settings } from '../../vscode/settings';
import type { WorkspaceStores } from '../stores/workspaceStores';
import type { ModelsTree } from './modelsTree';

const COALESCE_MS = 300;

/** Follows the stores while the Models view is visible: any change reloads the models shown, redrawn only if they differ. */
export class ModelsLiveUpdates implements vscode.Disposable {
  private watches: Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private pending = false;
  private visible = false;
  /** bumped on every resubscribe, so a store that opens late is not watched twice */
  private generation = 0;

  constructor(
    private readonly tree: ModelsTree,
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
      void this.stores.get(folder).then((entry) => {
        if (entry.status !== 'ready' || !this.visible || generation !== this.generation) return;
        this.watches.push(entry.store.watch(() => this.schedule(), { pollIntervalMs: this.settings.refreshIntervalMs() }));
      });
    }
  }

  dispose(): void {
    this.visible = false;
    this.stopWatching();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.refreshing) {
        this.pending = true;
        return;
      }
      this.refreshing = this.tree
        .refreshLoaded()
        .catch((error) => this.logger.debug(`Models: live refresh failed: ${describeError(error)}`))
        .finally(() => {
          this.refreshing = undefined;
          if (this.pending) {
            this.pending = false;
            this.schedule();
          }
        });
    }, COALESCE_MS);
  }

  private stopWatching(): void {
    for (const watch of this.watches) watch.dispose();
    this.watches = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
