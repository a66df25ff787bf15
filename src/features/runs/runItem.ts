import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatNumber } from '../../core/format/numbers';
import { formatRelativeTime } from '../../core/format/time';
import type { Run, RunStatus } from '../../core/tracking/types';
import type { RunNode } from './runsNodes';

const STATUS_ICONS: Record<RunStatus, [string, string | undefined]> = {
  RUNNING: ['sync~spin', 'charts.blue'],
  SCHEDULED: ['clock', undefined],
  FINISHED: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  KILLED: ['circle-slash', 'disabledForeground'],
};

export const COMMIT_TAG = 'mlflow.source.git.commit';
export const SOURCE_NAME_TAG = 'mlflow.source.name';

export function runLabel(run: Run): string {
  return run.info.run_name || run.info.run_id.slice(0, 8);
}

/** The metric to show beside a run: the chosen one, else the first it has. */
export function shownMetric(run: Run, preferred: string | undefined): [string, number] | undefined {
  if (preferred && preferred in run.data.metrics) return [preferred, run.data.metrics[preferred]];
  const first = Object.keys(run.data.metrics).sort()[0];
  return first === undefined ? undefined : [first, run.data.metrics[first]];
}

export function runTreeItem(node: RunNode, preferredMetric: string | undefined, now: number): vscode.TreeItem {
  const { run } = node;
  const item = new vscode.TreeItem(runLabel(run), vscode.TreeItemCollapsibleState.None);
  const metric = shownMetric(run, preferredMetric);
  const parts = [formatRelativeTime(run.info.start_time, now)];
  if (metric) parts.push(`${metric[0]} ${formatNumber(metric[1])}`);
  if (run.info.lifecycle_stage === 'deleted') parts.unshift('deleted');
  item.description = parts.join(' · ');
  const [icon, color] = run.info.lifecycle_stage === 'deleted' ? ['trash', 'disabledForeground'] : STATUS_ICONS[run.info.status] ?? ['circle-outline', undefined];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = runContextValue(node);
  item.accessibilityInformation = { label: `${runLabel(run)}, ${run.info.status.toLowerCase()}, ${item.description}` };
  return item;
}

// Flags the menus in package.json match on (`viewItem =~ /^run.*\.commit/`).
function runContextValue(node: RunNode): string {
  const flags = ['run'];
  if (node.store.kind === 'rest') flags.push('server');
  if (localArtifactPath(node.run, node.folder.uri.fsPath)) flags.push('localArtifacts');
  if (node.run.data.tags[COMMIT_TAG]) flags.push('commit');
  if (node.run.info.lifecycle_stage === 'deleted') flags.push('deleted');
  return flags.join('.');
}

/** Where the run's artifacts are on this machine; MLflow resolves relative locations against its working directory. */
export function localArtifactPath(run: Run, folderPath: string): string | undefined {
  const uri = run.info.artifact_uri;
  if (uri.startsWith('file://')) return vscode.Uri.parse(uri).fsPath;
  if (path.isAbsolute(uri)) return uri;
  if (uri && !/^[a-z][a-z0-9+.-]*:/i.test(uri)) return path.join(folderPath, uri);
  return undefined;
}
