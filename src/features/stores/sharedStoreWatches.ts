import * as vscode from 'vscode';
import type { Disposable } from '../../core/tracking/types';
import type { Settings } from '../../vscode/settings';
import type { WorkspaceStores } from './workspaceStores';

type Listener = (folder: vscode.WorkspaceFolder) => void;

/**
 * One watch per folder store, shared by every view that follows the stores while it is visible,
 * so a tracking server is polled once however many views show it, and not at all when none does.
 */
export class SharedStoreWatches implements vscode.Disposable {
  private readonly listeners = new Set<Listener>();
  private readonly watches = new Map<string, Disposable | 'opening'>();
  /** bumped when the stores are reopened, so a store that opens late is not watched twice */
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly settings: Settings,
  ) {
    this.subscriptions = [
      stores.onDidChange(() => this.restart()),
      settings.onDidChange((event) => {
        if (event.affectsConfiguration('mlops.refreshInterval')) this.restart();
      }),
    ];
  }

  /** Calls `listener` with the folder whose store changed, until the returned disposable is disposed. */
  follow(listener: Listener): vscode.Disposable {
    this.listeners.add(listener);
    this.start();
    return new vscode.Disposable(() => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    });
  }

  dispose(): void {
    this.listeners.clear();
    this.stop();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private restart(): void {
    this.stop();
    if (this.listeners.size > 0) this.start();
  }

  private start(): void {
    const generation = this.generation;
    for (const folder of this.stores.folders()) {
      const key = folder.uri.toString();
      if (this.watches.has(key)) continue;
      this.watches.set(key, 'opening');
      void this.stores.get(folder).then((entry) => {
        if (generation !== this.generation) return;
        if (entry.status !== 'ready' || this.listeners.size === 0) {
          this.watches.delete(key);
          return;
        }
        const notify = () => {
          for (const listener of [...this.listeners]) listener(folder);
        };
        this.watches.set(key, entry.store.watch(notify, { pollIntervalMs: this.settings.refreshIntervalMs() }));
      });
    }
  }

  private stop(): void {
    this.generation++;
    for (const watch of this.watches.values()) if (watch !== 'opening') watch.dispose();
    this.watches.clear();
  }
}
