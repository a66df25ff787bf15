import * as vscode from 'vscode';
import { formatTimestamp } from '../../core/format/time';
import type { LineageReason } from '../../core/datasets/lineage';
import type { ModelVersion } from '../../core/tracking/types';
import { COMMIT_TAG, runLabel } from '../runs/runItem';
import { escapeMarkdown } from '../runs/runTooltip';
import { plural, profileEntries, schemaColumns, shortHash } from './datasetFormat';
import type { DatasetNode, DatasetVersionNode, MlflowGroupNode, ModelVersionNode, RunNode } from './datasetsNodes';
import { isCommitOnly } from './dvcLineage';

const { Collapsed, None } = vscode.TreeItemCollapsibleState;

export function mlflowGroupItem(node: MlflowGroupNode): vscode.TreeItem {
  const item = new vscode.TreeItem('MLflow datasets', Collapsed);
  item.description = plural(node.datasets.length, 'dataset');
  item.iconPath = new vscode.ThemeIcon('database');
  item.tooltip = `Datasets logged as run inputs (mlflow.log_input) in ${node.storeUri}`;
  item.contextValue = 'mlflowDatasets';
  return item;
}

export function datasetItem(node: DatasetNode): vscode.TreeItem {
  const { dataset } = node;
  const item = new vscode.TreeItem(dataset.name, Collapsed);
  const runs = new Set(dataset.versions.flatMap((v) => v.uses.map((u) => u.runId)));
  item.description = `${plural(dataset.versions.length, 'version')} · ${plural(runs.size, 'run')}`;
  item.iconPath = new vscode.ThemeIcon('table');
  item.tooltip = `${dataset.name}: ${item.description}`;
  item.contextValue = 'dataset';
  return item;
}

/** "1a2b3c4d" with "s3 · s3://bucket/iris/train.csv · 2 runs" beside it; schema and profile in the tooltip. */
export function datasetVersionItem(node: DatasetVersionNode): vscode.TreeItem {
  const { version } = node;
  const item = new vscode.TreeItem(shortHash(version.digest) || '(no digest)', version.uses.length > 0 ? Collapsed : None);
  const location = sourceText(version.source);
  item.description = [version.source_type, location, plural(version.uses.length, 'run')].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('versions');
  item.contextValue = 'datasetVersion';
  const md = new vscode.MarkdownString(`**${escapeMarkdown(version.name)}** · digest \`${escapeMarkdown(version.digest)}\``);
  md.appendMarkdown(`\n\n$(cloud) ${escapeMarkdown(version.source_type)} · ${escapeMarkdown(location)}`);
  md.appendMarkdown(`\n\n$(beaker) used in ${node.experiments.map(escapeMarkdown).join(', ')} by ${plural(version.uses.length, 'run')}`);
  const columns = schemaColumns(version.schema);
  if (columns && columns.length > 0) {
    md.appendMarkdown('\n\n| column | type |\n| --- | --- |\n');
    for (const column of columns.slice(0, 40)) md.appendMarkdown(`| ${escapeMarkdown(column.name)} | ${escapeMarkdown(column.type)} |\n`);
    if (columns.length > 40) md.appendMarkdown(`\n_and ${columns.length - 40} more columns_\n`);
  } else if (version.schema) {
    md.appendMarkdown(`\n\nSchema: ${escapeMarkdown(version.schema.slice(0, 300))}`);
  }
  const profile = profileEntries(version.profile);
  if (profile.length > 0) md.appendMarkdown(`\n\nProfile: ${profile.map(([k, v]) => `${escapeMarkdown(k)} ${escapeMarkdown(v)}`).join(' · ')}`);
  md.supportThemeIcons = true;
  item.tooltip = md;
  return item;
}

const REASON_TEXT: Record<LineageReason, string> = {
  digest: 'same data digest',
  source: 'same data path',
  commit: 'same commit',
};

const REASON_DETAIL: Record<LineageReason, string> = {
  digest: 'a dataset the run logged has the digest of this version',
  source: "a dataset the run logged names this output's path as its source",
  commit: "the run's code commit is this version's commit or a later one before the next version",
};

/** A run that used a dataset (with its contexts) or trained on a DVC version (with why we say so). */
export function runItem(node: RunNode): vscode.TreeItem {
  const { run } = node;
  const item = new vscode.TreeItem(run ? runLabel(run) : node.runId.slice(0, 8), node.models.length > 0 ? Collapsed : None);
  const parts: string[] = [];
  if (node.reasons) parts.push(node.reasons.map((r) => REASON_TEXT[r]).join(', '));
  const contexts = [...new Set((node.contexts ?? []).filter((c): c is string => Boolean(c)))];
  if (contexts.length > 0) parts.push(contexts.join(', '));
  if (node.experimentName) parts.push(node.experimentName);
  if (!run) parts.push('not in the store any more');
  else if (run.info.lifecycle_stage === 'deleted') parts.push('deleted');
  item.description = parts.join(' · ');
  const weak = node.reasons !== undefined && isCommitOnly(node.reasons);
  item.iconPath = node.reasons
    ? new vscode.ThemeIcon(weak ? 'question' : 'link', new vscode.ThemeColor(weak ? 'disabledForeground' : 'charts.green'))
    : new vscode.ThemeIcon('play-circle');
  item.contextValue = `datasetRun${weak ? '.commitOnly' : ''}`;
  item.tooltip = runTooltip(node);
  return item;
}

function runTooltip(node: RunNode): vscode.MarkdownString {
  const { run } = node;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(run ? `**${escapeMarkdown(runLabel(run))}** · ${run.info.status.toLowerCase()}` : '**A run the store no longer holds**');
  if (node.experimentName) md.appendMarkdown(` · ${escapeMarkdown(node.experimentName)}`);
  md.appendMarkdown(`\n\n$(key) \`${node.runId}\``);
  if (run) md.appendMarkdown(`\n\n$(calendar) ${escapeMarkdown(formatTimestamp(run.info.start_time))} UTC`);
  const commit = run?.data.tags[COMMIT_TAG];
  if (commit) md.appendMarkdown(`\n\n$(git-commit) \`${escapeMarkdown(commit.slice(0, 10))}\``);
  if (node.contexts) {
    const used = node.contexts.map((c) => c ?? 'no context').join(', ');
    md.appendMarkdown(`\n\nUsed the dataset as: ${escapeMarkdown(used)}`);
  }
  if (node.reasons) {
    md.appendMarkdown('\n\nLinked because ' + node.reasons.map((r) => escapeMarkdown(REASON_DETAIL[r])).join('; and '));
    if (isCommitOnly(node.reasons)) md.appendMarkdown('.\n\n_Only the commit matches: the run may not have read this data._');
  }
  if (node.models.length > 0) md.appendMarkdown(`\n\n$(package) registered as ${node.models.map((m) => escapeMarkdown(`${m.name} v${m.version}`)).join(', ')}`);
  return md;
}

/** "iris-classifier v3" with "@challenger · Staging" beside it. */
export function modelVersionItem(node: ModelVersionNode): vscode.TreeItem {
  const { version } = node;
  const item = new vscode.TreeItem(`${version.name} v${version.version}`, None);
  item.description = modelVersionDescription(version);
  item.iconPath = new vscode.ThemeIcon(version.aliases.length > 0 ? 'tag' : 'package');
  item.contextValue = 'datasetModelVersion';
  const md = new vscode.MarkdownString(`**${escapeMarkdown(version.name)}** version ${escapeMarkdown(version.version)}`);
  md.appendMarkdown(`\n\n${escapeMarkdown(modelVersionDescription(version) || 'no stage, no aliases')} · ${escapeMarkdown(version.status.toLowerCase())}`);
  md.appendMarkdown(`\n\nRegistered ${escapeMarkdown(formatTimestamp(version.creation_timestamp))} UTC from \`${escapeMarkdown(version.source)}\``);
  item.tooltip = md;
  return item;
}

export function modelVersionDescription(version: ModelVersion): string {
  const parts = [...version.aliases].sort().map((alias) => `@${alias}`);
  if (version.current_stage && version.current_stage !== 'None') parts.unshift(version.current_stage);
  return parts.join(' · ');
}

/** Where a dataset came from, in one line: the URI or path MLflow recorded, else the raw source. */
function sourceText(source: string): string {
  try {
    const parsed = JSON.parse(source) as unknown;
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      for (const key of ['uri', 'url', 'path', 'table_name']) if (typeof record[key] === 'string') return record[key] as string;
    }
  } catch {
    // not JSON: shown as written
  }
  return source.length > 80 ? `${source.slice(0, 79)}…` : source;
}
