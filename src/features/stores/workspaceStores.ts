import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { describeError } from '../../core/tracking/errors';
import type { OpenStoreOptions } from '../../core/tracking/openTrackingStore';
import { type ResolvedTrackingUri, resolveTrackingUri } from '../../core/tracking/trackingUri';
import type { TrackingStore } from '../../core/tracking/types';
import type { Logger } from '../../vscode/logger';
import type { Settings } from '../../vscode/settings';
import type { TrackingSecrets } from '../../vscode/trackingSecrets';

export type FolderStore =
  | { folder: vscode.WorkspaceFolder; status: 'ready'; store: TrackingStore; resolved: ResolvedTrackingUri }
  | { folder: vscode.WorkspaceFolder; status: 'noStore'; resolved: ResolvedTrackingUri }
  | { folder: vscode.WorkspaceFolder; status: 'error'; message: string };

export type StoreOpener = (resolved: ResolvedTrackingUri, options: OpenStoreOptions) => TrackingStore;

/** The tracking store of each workspace folder, opened on first use and reopened when its settings change. */
export class WorkspaceStores implements vscode.Disposable {
  private readonly entries = new Map<string, Promise<FolderStore>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly settings: Settings,
    private readonly secrets: TrackingSecrets,
    private readonly logger: Logger,
    private readonly open: StoreOpener,
  ) {
    this.subscriptions = [
      settings.onDidChange((event) => {
        if (event.affectsConfiguration('mlops.trackingUri') || event.affectsConfiguration('mlops.http')) this.reset();
      }),
      secrets.onDidChange(() => this.reset()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
    ];
  }

  folders(): readonly vscode.WorkspaceFolder[] {
    return vscode.workspace.workspaceFolders ?? [];
  }

  get(folder: vscode.WorkspaceFolder): Promise<FolderStore> {
    const key = folder.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.load(folder);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Closes every store; the next `get` opens them again with the current settings. */
  reset(): void {
    const closing = [...this.entries.values()];
    this.entries.clear();
    for (const entry of closing) void entry.then((e) => e.status === 'ready' && e.store.close());
    this.changed.fire();
  }

  dispose(): void {
    this.reset();
    this.changed.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<FolderStore> {
    let resolved: ResolvedTrackingUri;
    try {
      resolved = resolveTrackingUri({ explicit: this.settings.trackingUri(folder), env: process.env, baseDir: folder.uri.fsPath });
    } catch (error) {
      return { folder, status: 'error', message: describeError(error) };
    }
    if (resolved.source === 'default' && resolved.kind === 'sqlite' && !(await exists(resolved.path))) {
      return { folder, status: 'noStore', resolved };
    }
    try {
      const credentials = resolved.kind === 'rest' ? await this.secrets.get(resolved.uri) : undefined;
      const store = this.open(resolved, {
        env: process.env,
        credentials,
        maxRetries: this.settings.httpMaxRetries(),
        timeoutMs: this.settings.httpTimeoutMs(),
      });
      this.logger.info(`${folder.name}: tracking store ${store.uri} (${resolved.kind}, from ${resolved.source})`);
      return { folder, status: 'ready', store, resolved };
    } catch (error) {
      this.logger.error(`${folder.name}: cannot open the tracking store`, error);
      return { folder, status: 'error', message: describeError(error) };
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.promises.access(path);
    return true;
  } catch {
    return false;
  }
}
