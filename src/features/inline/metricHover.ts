import * as vscode from 'vscode';
import { COMPARE_COMMAND } from './compareLink';
import { metricHoverMarkdown } from './metricHoverMarkdown';
import { folderOf, metricCallsIn, toRange, unlessCancelled } from './pythonDocuments';
import type { RecentMetricRunsCache } from './recentMetricRunsCache';

/**
 * On a literal metric key (or on `log_metric` itself): the metric's history in the recent runs
 * that logged it, and a link that opens the Compare panel on them.
 */
export class MetricHoverProvider implements vscode.HoverProvider {
  constructor(private readonly cache: RecentMetricRunsCache) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const folder = folderOf(document);
    if (!folder) return undefined;
    const target = keyAt(document, position);
    if (!target) return undefined;
    const lookup = await unlessCancelled(this.cache.lookup(folder, target.key), token);
    if (!lookup || lookup.status !== 'ready') return undefined;
    const { summary } = lookup;
    const histories = await unlessCancelled(this.cache.histories(folder, target.key, summary.runs.map((run) => run.runId)), token);
    if (!histories) return undefined;
    const markdown = new vscode.MarkdownString(metricHoverMarkdown(summary, histories, folder.uri.toString()), true);
    markdown.isTrusted = { enabledCommands: [COMPARE_COMMAND] };
    return new vscode.Hover(markdown, target.range);
  }
}

function keyAt(document: vscode.TextDocument, position: vscode.Position): { key: string; range: vscode.Range } | undefined {
  for (const call of metricCallsIn(document)) {
    for (const key of call.keys) {
      const range = toRange(key.range);
      if (range.contains(position)) return { key: key.key, range };
    }
    const name = toRange(call.nameRange);
    if (call.function === 'log_metric' && call.keys.length === 1 && name.contains(position)) return { key: call.keys[0].key, range: name };
  }
  return undefined;
}
