import * as vscode from 'vscode';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { COMPARE_COMMAND, type CompareRunsArgument } from './compareLink';
import { metricLensTitle, metricLensTooltip } from './inlineMetricText';
import { folderOf, metricCallsIn, toRange, unlessCancelled } from './pythonDocuments';
import type { RecentMetricRunsCache } from './recentMetricRunsCache';

/** A lens above a metric key; its value is read only when VS Code shows the lens. */
export class MetricCodeLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly folder: vscode.WorkspaceFolder,
    readonly key: string,
  ) {
    super(range);
  }
}

/**
 * A lens above each literal metric key of a `log_metric`/`log_metrics` call (above the key itself
 * when a dict spans lines) with its latest value in the recent runs. Finding the calls is a quick
 * local parse; the store is read in `resolveCodeLens`, once per key until the store changes.
 */
export class MetricCodeLensProvider implements vscode.CodeLensProvider<MetricCodeLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly cache: RecentMetricRunsCache,
  ) {}

  /** Asks VS Code for the lenses again, after the store or the settings changed. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<MetricCodeLens[]> {
    const folder = folderOf(document);
    if (!folder) return [];
    const calls = metricCallsIn(document);
    if (calls.length === 0) return [];
    const store = await unlessCancelled(this.stores.get(folder), token);
    if (!store || store.status === 'noStore') return [];
    return calls.flatMap((call) => call.keys.map((key) => new MetricCodeLens(toRange(key.range), folder, key.key)));
  }

  async resolveCodeLens(lens: MetricCodeLens, token: vscode.CancellationToken): Promise<MetricCodeLens> {
    const lookup = await unlessCancelled(this.cache.lookup(lens.folder, lens.key), token);
    if (!lookup) return lens;
    if (lookup.status === 'unavailable') {
      lens.command = {
        title: `${lens.key}: cannot read the tracking store`,
        tooltip: lookup.message ?? 'This folder has no MLflow tracking store.',
        command: 'mlops.showLog',
      };
      return lens;
    }
    const { summary } = lookup;
    const argument: CompareRunsArgument = { folder: lens.folder.uri.toString(), runIds: summary.runs.map((run) => run.runId) };
    lens.command = {
      title: metricLensTitle(summary),
      tooltip: metricLensTooltip(summary),
      // a lens without runs has nothing to open
      command: summary.runs.length > 0 ? COMPARE_COMMAND : '',
      arguments: summary.runs.length > 0 ? [argument] : undefined,
    };
    return lens;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
