import * as vscode from 'vscode';
import { CoalescedTask } from '../../core/async/coalescedTask';
import { newestRunningRun } from '../../core/metrics/recentMetricRuns';
import { metricTrend } from '../../core/metrics/metricTrend';
import { describeError } from '../../core/tracking/errors';
import type { MetricPoint, Run, TrackingStore } from '../../core/tracking/types';
import type { Logger } from '../../vscode/logger';
import type { SharedStoreWatches } from '../stores/sharedStoreWatches';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { COMPARE_COMMAND, type CompareRunsArgument } from './compareLink';
import { runName, statusBarMetric, trainingStatusText } from './inlineMetricText';
import type { InlineSettings } from './inlineSettings';
import { trainingStatusTooltip } from './metricHoverMarkdown';
import { folderOf } from './pythonDocuments';

const COALESCE_MS = 250;

/**
 * A status bar item that follows the run training now: the newest RUNNING run of the active
 * editor's folder (with no editor in a folder, of the first folder that has one), its main metric
 * and that metric's trend. Hidden when nothing is training or the setting is off.
 */
export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.inline.trainingRun', vscode.StatusBarAlignment.Left, 10);
  private readonly task: CoalescedTask;
  private readonly rendered = new vscode.EventEmitter<string | undefined>();
  /** fires with the item's text after each update; undefined while hidden */
  readonly onDidRender = this.rendered.event;
  private following: vscode.Disposable | undefined;
  private readonly stopped = new AbortController();
  private shown: string | undefined;

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly watches: SharedStoreWatches,
    private readonly inlineSettings: InlineSettings,
    /** the metric the Runs view shows for the folder, or '' */
    private readonly runsViewMetric: (folder: vscode.WorkspaceFolder) => string,
    private readonly logger: Logger,
  ) {
    this.item.name = 'MLOps: Training Run';
    this.task = new CoalescedTask(() => this.update(), COALESCE_MS, (error) => {
      this.logger.debug(`Training status: ${describeError(error)}`);
      this.hide();
    });
  }

  /** The item's text as shown, or undefined while it is hidden. */
  get text(): string | undefined {
    return this.shown;
  }

  /** What clicking the item runs. */
  get command(): vscode.Command | undefined {
    return typeof this.item.command === 'string' ? { title: this.item.command, command: this.item.command } : this.item.command;
  }

  /** Starts or stops following the stores as the setting says, and updates the item. */
  apply(): void {
    const enabled = this.inlineSettings.statusBar();
    if (enabled && !this.following) this.following = this.watches.follow(() => this.task.request());
    if (!enabled) {
      this.following?.dispose();
      this.following = undefined;
    }
    this.task.request();
  }

  /** Call when the active editor, the stores or the settings changed. */
  request(): void {
    this.task.request();
  }

  dispose(): void {
    this.stopped.abort();
    this.following?.dispose();
    this.task.dispose();
    this.item.dispose();
    this.rendered.dispose();
  }

  private async update(): Promise<void> {
    if (!this.inlineSettings.statusBar()) return this.hide();
    const found = await this.trainingRun();
    if (!found) return this.hide();
    const { folder, store, run } = found;
    const key = statusBarMetric(run.data.metrics, this.inlineSettings.statusBarMetric(folder), this.runsViewMetric(folder));
    const history: MetricPoint[] = key && key in run.data.metrics ? await store.getMetricHistory(run.info.run_id, key, this.stopped.signal) : [];
    if (!this.inlineSettings.statusBar()) return this.hide();
    const name = runName({ runName: run.info.run_name, runId: run.info.run_id });
    const metric = key === undefined ? undefined : { key, value: run.data.metrics[key], trend: metricTrend(history) };
    const argument: CompareRunsArgument = { folder: folder.uri.toString(), runIds: [run.info.run_id] };
    this.item.text = trainingStatusText({ runName: name, metric });
    this.item.tooltip = new vscode.MarkdownString(trainingStatusTooltip({ runName: name, runId: run.info.run_id, folder: argument.folder, metricKey: key, history }), true);
    this.item.tooltip.isTrusted = { enabledCommands: [COMPARE_COMMAND] };
    this.item.command = { title: 'Compare', command: COMPARE_COMMAND, arguments: [argument] };
    this.item.accessibilityInformation = { label: `Training run ${name}${metric ? `, ${metric.key} ${metric.value ?? 'not logged yet'}` : ''}` };
    this.item.show();
    this.render(this.item.text);
  }

  private async trainingRun(): Promise<{ folder: vscode.WorkspaceFolder; store: TrackingStore; run: Run } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const active = editor && folderOf(editor.document);
    for (const folder of active ? [active] : this.stores.folders()) {
      const entry = await this.stores.get(folder);
      if (entry.status !== 'ready') continue;
      try {
        const run = await newestRunningRun(entry.store, this.stopped.signal);
        if (run) return { folder, store: entry.store, run };
      } catch (error) {
        // one unreadable store does not hide a run training in another folder
        this.logger.debug(`Training status: cannot search ${folder.name}: ${describeError(error)}`);
      }
    }
    return undefined;
  }

  private hide(): void {
    this.item.hide();
    this.render(undefined);
  }

  private render(text: string | undefined): void {
    this.shown = text;
    this.rendered.fire(text);
  }
}
