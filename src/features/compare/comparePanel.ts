import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CoalescedTask } from '../../core/async/coalescedTask';
import { describeError } from '../../core/tracking/errors';
import type { TrackingStore } from '../../core/tracking/types';
import type { HostToWebview, WebviewToHost } from '../../protocol/compare';
import type { Logger } from '../../vscode/logger';
import { WebviewChannel } from '../../vscode/webviewHost';
import type { SharedStoreWatches } from '../stores/sharedStoreWatches';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { compareDialogs } from './compareDialogs';
import { CompareSession, type ThemeKind } from './compareSession';

export const COMPARE_VIEW_TYPE = 'mlops.compare';
const LIVE_COALESCE_MS = 300;

export interface ComparePanelServices {
  extensionUri: vscode.Uri;
  stores: WorkspaceStores;
  watches: SharedStoreWatches;
  logger: Logger;
}

export interface CompareTarget {
  folder: vscode.WorkspaceFolder;
  /** in selection order: a run's position is its colour */
  runIds: string[];
}

export interface ComparePanelOptions {
  /** performance.now() when the user asked for the comparison: firstPaintMs counts from it */
  startedAt: number;
  rawHistories?: boolean;
  /** a panel VS Code restored after a reload; otherwise a new one is opened */
  restored?: vscode.WebviewPanel;
  onAppError?(message: string): void;
}

export function compareTitle(runCount: number): string {
  return `Compare ${runCount} ${runCount === 1 ? 'run' : 'runs'}`;
}

/** One comparison in its own editor tab: the page, its session, and live updates while it shows training runs. */
export class ComparePanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  readonly channel: WebviewChannel<HostToWebview, WebviewToHost>;
  readonly session: CompareSession;
  /** from the user's request to the app's first drawn chart */
  firstPaintMs: number | undefined;
  private readonly firstPainted = new vscode.EventEmitter<number>();
  readonly onDidFirstPaint = this.firstPainted.event;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private following: vscode.Disposable | undefined;
  private readonly liveRefresh: CoalescedTask;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly target: CompareTarget,
    private readonly services: ComparePanelServices,
    options: ComparePanelOptions,
  ) {
    const { folder, runIds } = target;
    this.panel = options.restored ?? vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, compareTitle(runIds.length), vscode.ViewColumn.Active);
    this.panel.title = compareTitle(runIds.length);
    this.channel = new WebviewChannel(this.panel, services.extensionUri, { bundle: 'compare', title: this.panel.title });
    this.session = new CompareSession({
      runIds,
      panelState: { runIds, folder: folder.uri.toString() },
      post: (message) => this.channel.post(message),
      store: () => this.store(),
      theme: currentTheme,
      dialogs: compareDialogs(folder),
      logger: services.logger,
      rawHistories: options.rawHistories,
      onFirstPaint: () => this.recordFirstPaint(performance.now() - options.startedAt),
      onAppError: options.onAppError,
    });
    this.liveRefresh = new CoalescedTask(() => this.refreshLive(), LIVE_COALESCE_MS, (error) => services.logger.debug(`Compare: live refresh failed: ${describeError(error)}`));
    this.subscriptions.push(
      this.channel,
      this.channel.onDidReceive((message) => void this.receive(message)),
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.session.pageGone();
        this.updateFollowing();
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.session.postTheme()),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  get runIds(): readonly string[] {
    return this.target.runIds;
  }

  /** Whether the panel follows the store for training runs right now. */
  get isFollowing(): boolean {
    return this.following !== undefined;
  }

  dispose(): void {
    if (this.subscriptions.length === 0) return;
    this.stopFollowing();
    this.liveRefresh.dispose();
    this.session.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.firstPainted.dispose();
  }

  private async receive(message: WebviewToHost): Promise<void> {
    try {
      await this.session.receive(message);
    } catch (error) {
      this.services.logger.error(`Compare: handling ${message.type} failed`, error);
    }
    if (message.type === 'ready') this.updateFollowing();
  }

  private recordFirstPaint(ms: number): void {
    if (this.firstPaintMs !== undefined) return;
    this.firstPaintMs = ms;
    this.services.logger.info(`Compare: first chart of ${this.target.runIds.length} runs drawn ${ms.toFixed(0)} ms after the request`);
    this.firstPainted.fire(ms);
  }

  private async store(): Promise<TrackingStore> {
    const entry = await this.services.stores.get(this.target.folder);
    if (entry.status === 'ready') return entry.store;
    throw new Error(entry.status === 'error' ? entry.message : `${this.target.folder.name} has no tracking store any more`);
  }

  // Following costs a watch (a poll on a server): only while the panel shows a training run.
  private updateFollowing(): void {
    const wanted = this.panel.visible && this.session.live && this.session.runs.running().length > 0;
    if (wanted && !this.following) {
      const folder = this.target.folder.uri.toString();
      this.following = this.services.watches.follow((changed) => {
        if (changed.uri.toString() === folder) this.liveRefresh.request();
      });
    } else if (!wanted) this.stopFollowing();
  }

  private stopFollowing(): void {
    this.following?.dispose();
    this.following = undefined;
  }

  private async refreshLive(): Promise<void> {
    await this.session.refreshRunning();
    this.updateFollowing();
  }
}

function currentTheme(): ThemeKind {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrast';
    default:
      return 'dark';
  }
}
