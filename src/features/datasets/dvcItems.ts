import * as vscode from 'vscode';
import { formatTimestamp } from '../../core/format/time';
import type { DvcOutput } from '../../core/datasets/dvcTypes';
import type { DvcOutputState, DvcOutputVersion } from '../../core/datasets/dvcVersions';
import { escapeMarkdown } from '../runs/runTooltip';
import { formatByteDelta, formatBytes, formatDate, plural, shortHash } from './datasetFormat';
import type { DvcGroupNode, DvcOutputNode, DvcVersionNode } from './datasetsNodes';
import { isCommitOnly } from './dvcLineage';
import { isPreviewable } from './previewTarget';

const { Collapsed, None } = vscode.TreeItemCollapsibleState;

export function dvcGroupItem(node: DvcGroupNode): vscode.TreeItem {
  const item = new vscode.TreeItem('DVC data', Collapsed);
  item.description = plural(node.outputs.length, 'output');
  item.iconPath = new vscode.ThemeIcon('archive');
  const files = node.files.slice(0, 20).map((f) => `- ${escapeMarkdown(f)}`).join('\n');
  const md = new vscode.MarkdownString(`Data tracked by DVC, from ${plural(node.files.length, 'file')}:\n\n${files}`);
  if (node.files.length > 20) md.appendMarkdown(`\n- _and ${node.files.length - 20} more_`);
  if (node.truncated) md.appendMarkdown('\n\n_The search for DVC files stopped at its limit; deeper folders were not searched._');
  item.tooltip = md;
  item.contextValue = 'dvcData';
  return item;
}

/** "data/iris.csv" with "3.8 KB · 013d0da0 · data/iris.csv.dvc" beside it. */
export function dvcOutputItem(node: DvcOutputNode): vscode.TreeItem {
  const { output } = node;
  const item = new vscode.TreeItem(output.path, Collapsed);
  item.description = [...stateParts(output), definedInText(output)].join(' · ');
  item.iconPath = new vscode.ThemeIcon(output.external ? 'cloud' : output.isDirectory ? 'file-directory' : 'file');
  item.contextValue = outputContextValue(output);
  const md = new vscode.MarkdownString(`**${escapeMarkdown(output.path)}**`, true);
  md.appendMarkdown(`\n\nDefined in ${escapeMarkdown(definedInText(output))}`);
  md.appendMarkdown(`\n\n${hashLine(output)}`);
  if (output.size !== undefined) md.appendMarkdown(`\n\n${formatBytes(output.size)} (${output.size.toLocaleString('en-US')} bytes)`);
  if (output.fileCount !== undefined) md.appendMarkdown(` in ${plural(output.fileCount, 'file')}`);
  if (item.contextValue.includes('.file')) md.appendMarkdown('\n\n$(preview) Preview Data shows its first rows');
  item.tooltip = md;
  return item;
}

// Flags the menus in package.json match on (`viewItem =~ /^dvcOutput.*\.file/`).
function outputContextValue(output: DvcOutput): string {
  const flags = ['dvcOutput'];
  if (output.external) flags.push('external');
  else if (output.isDirectory) flags.push('directory');
  else if (isPreviewable(output.path)) flags.push('file');
  return flags.join('.');
}

/** "Data: iris v2" with "in workspace · modified 3 KB → 3.8 KB · Ben Okafor · 2026-11-04 · 4f2a1b3c" beside it. */
export function dvcVersionItem(node: DvcVersionNode): vscode.TreeItem {
  const { version } = node;
  const { commit } = version;
  const item = new vscode.TreeItem(commit.subject || commit.shortCommit, node.runs.length > 0 ? Collapsed : None);
  const parts = [changeText(version), commit.author, formatDate(commit.date), commit.shortCommit];
  if (node.current) parts.unshift('in workspace');
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon(`diff-${version.change}`, node.current ? new vscode.ThemeColor('charts.green') : undefined);
  item.contextValue = `dvcVersion${node.current ? '.current' : ''}`;
  item.tooltip = versionTooltip(node);
  return item;
}

function versionTooltip(node: DvcVersionNode): vscode.MarkdownString {
  const { version } = node;
  const { commit } = version;
  const md = new vscode.MarkdownString(`**${escapeMarkdown(commit.subject)}**`, true);
  md.appendMarkdown(`\n\n$(git-commit) \`${commit.commit}\``);
  md.appendMarkdown(`\n\n$(person) ${escapeMarkdown(commit.author)} · $(calendar) ${escapeMarkdown(formatTimestamp(commit.date))} UTC`);
  md.appendMarkdown(`\n\n${escapeMarkdown(node.output.path)} ${version.change} in ${escapeMarkdown(version.definedIn)}`);
  md.appendMarkdown('\n\n| | before | after |\n| --- | --- | --- |\n');
  md.appendMarkdown(`| hash | ${cell(version.before, (s) => `\`${s.hash ?? 'none'}\``)} | ${cell(version.after, (s) => `\`${s.hash ?? 'none'}\``)} |\n`);
  md.appendMarkdown(`| size | ${cell(version.before, sizeText)} | ${cell(version.after, sizeText)} |\n`);
  if (version.before?.fileCount !== undefined || version.after?.fileCount !== undefined) {
    md.appendMarkdown(`| files | ${cell(version.before, (s) => String(s.fileCount ?? '?'))} | ${cell(version.after, (s) => String(s.fileCount ?? '?'))} |\n`);
  }
  if (version.before?.path && version.after?.path && version.before.path !== version.after.path) {
    md.appendMarkdown(`| path | ${escapeMarkdown(version.before.path)} | ${escapeMarkdown(version.after.path)} |\n`);
  }
  if (version.sizeDelta !== null && version.change === 'modified') md.appendMarkdown(`\n${formatByteDelta(version.sizeDelta)}`);
  if (node.current) md.appendMarkdown('\n\n$(check) The work tree holds this version.');
  const weak = node.runs.filter((r) => isCommitOnly(r.reasons)).length;
  if (node.runs.length > 0) {
    md.appendMarkdown(`\n\n${plural(node.runs.length, 'run')} trained on it`);
    if (weak > 0) md.appendMarkdown(` (${weak} linked by commit only)`);
  }
  return md;
}

/** What a commit did to the output: "added 3 KB", "modified 3 KB → 3.8 KB", "removed". */
export function changeText(version: DvcOutputVersion): string {
  const { before, after } = version;
  if (version.change === 'removed') return 'removed';
  const files = version.fileCountDelta !== null && version.fileCountDelta !== 0 && before ? ` (${version.fileCountDelta > 0 ? '+' : ''}${plural(version.fileCountDelta, 'file')})` : '';
  if (version.change === 'added') return after?.size !== undefined ? `added ${formatBytes(after.size)}` : 'added';
  if (before?.size !== undefined && after?.size !== undefined && before.size !== after.size) {
    return `modified ${formatBytes(before.size)} → ${formatBytes(after.size)}${files}`;
  }
  if (before?.path !== after?.path) return `moved from ${before?.path}`;
  return `modified${files}`;
}

function stateParts(output: DvcOutput): string[] {
  const parts: string[] = [];
  if (output.size !== undefined) parts.push(formatBytes(output.size));
  if (output.fileCount !== undefined) parts.push(plural(output.fileCount, 'file'));
  parts.push(output.hash ? shortHash(output.hash) : 'not hashed yet');
  return parts;
}

function definedInText(output: DvcOutput): string {
  return output.stage ? `${output.definedIn} › ${output.stage}` : output.definedIn;
}

function hashLine(output: DvcOutput): string {
  if (!output.hash) return 'No hash yet: DVC records it when the data is added or the stage runs.';
  return `${output.hashKind ?? 'hash'} \`${escapeMarkdown(output.hash)}\``;
}

function sizeText(state: DvcOutputState): string {
  return state.size === undefined ? '?' : formatBytes(state.size);
}

function cell(state: DvcOutputState | null, text: (state: DvcOutputState) => string): string {
  return state ? text(state) : '—';
}
