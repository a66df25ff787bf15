import * as vscode from 'vscode';
import { formatNumber } from '../../core/format/numbers';
import { formatRelativeTime, formatTimestamp } from '../../core/format/time';
import type { LoggedModel, ModelVersion, RegisteredModel } from '../../core/tracking/types';
import { escapeMarkdown } from '../runs/runTooltip';

const MAX_ROWS = 30;
const OPEN_RUN = 'mlops.models.openSourceRun';

/** What a tooltip's "Open source run" link hands to the command: plain JSON, not a tree node. */
export interface SourceRunLink {
  folder: string;
  runId: string;
}

export function registeredModelTooltip(model: RegisteredModel, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${escapeMarkdown(model.name)}**`, true);
  if (model.description) md.appendMarkdown(`\n\n${escapeMarkdown(model.description)}`);
  md.appendMarkdown(`\n\n$(versions) ${model.versions.length} version${model.versions.length === 1 ? '' : 's'}`);
  const aliases = Object.entries(model.aliases).sort(([a], [b]) => (a < b ? -1 : 1));
  if (aliases.length > 0) md.appendMarkdown(`\n\n${aliases.map(([alias, version]) => `$(tag) @${escapeMarkdown(alias)} → version ${escapeMarkdown(version)}`).join('  \n')}`);
  md.appendMarkdown(`\n\n${times(model.creation_timestamp, model.last_updated_timestamp, now)}`);
  appendTags(md, model.tags);
  return md;
}

export function modelVersionTooltip(version: ModelVersion, folder: vscode.Uri, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${escapeMarkdown(version.name)}** version ${escapeMarkdown(version.version)}`, true);
  md.isTrusted = { enabledCommands: [OPEN_RUN] };
  const facts = [version.current_stage && version.current_stage !== 'None' ? `stage ${escapeMarkdown(version.current_stage)}` : 'no stage', `status ${escapeMarkdown(version.status)}`];
  md.appendMarkdown(`\n\n${facts.join(' · ')}`);
  if (version.aliases.length > 0) md.appendMarkdown(`\n\n$(tag) ${[...version.aliases].sort().map((a) => `@${escapeMarkdown(a)}`).join(' ')}`);
  if (version.description) md.appendMarkdown(`\n\n${escapeMarkdown(version.description)}`);
  md.appendMarkdown(`\n\n${times(version.creation_timestamp, version.last_updated_timestamp, now)}`);
  md.appendMarkdown(`\n\n$(file-symlink-directory) ${escapeMarkdown(version.source)}`);
  if (version.run_id) md.appendMarkdown(`\n\n$(play) run ${code(version.run_id)} · ${runLink(folder, version.run_id)}`);
  if (version.model_id) md.appendMarkdown(`\n\n$(symbol-class) logged model ${code(version.model_id)}`);
  appendTags(md, version.tags);
  return md;
}

export function loggedModelTooltip(model: LoggedModel, folder: vscode.Uri, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${escapeMarkdown(model.name)}** · ${escapeMarkdown(model.status.toLowerCase())}`, true);
  md.isTrusted = { enabledCommands: [OPEN_RUN] };
  if (model.model_type) md.appendMarkdown(` · ${escapeMarkdown(model.model_type)}`);
  md.appendMarkdown(`\n\n$(key) ${code(model.model_id)}`);
  md.appendMarkdown(`\n\n${times(model.creation_timestamp, model.last_updated_timestamp, now)}`);
  if (model.source_run_id) md.appendMarkdown(`\n\n$(play) run ${code(model.source_run_id)} · ${runLink(folder, model.source_run_id)}`);
  const metrics = [...model.metrics].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.step - b.step));
  if (metrics.length > 0) {
    md.appendMarkdown('\n\n| metric | value | step | dataset |\n| --- | ---: | ---: | --- |\n');
    for (const metric of metrics.slice(0, MAX_ROWS)) {
      const dataset = metric.dataset_name ? escapeMarkdown(metric.dataset_name) : '';
      md.appendMarkdown(`| ${escapeMarkdown(metric.key)} | ${escapeMarkdown(formatNumber(metric.value))} | ${metric.step} | ${dataset} |\n`);
    }
    if (metrics.length > MAX_ROWS) md.appendMarkdown(`\n_and ${metrics.length - MAX_ROWS} more metrics_\n`);
  }
  const params = Object.keys(model.params).sort();
  if (params.length > 0) {
    md.appendMarkdown('\n\n| param | value |\n| --- | --- |\n');
    for (const key of params.slice(0, MAX_ROWS)) md.appendMarkdown(`| ${escapeMarkdown(key)} | ${escapeMarkdown(truncate(model.params[key], 80))} |\n`);
    if (params.length > MAX_ROWS) md.appendMarkdown(`\n_and ${params.length - MAX_ROWS} more params_\n`);
  }
  appendTags(md, model.tags);
  return md;
}

function runLink(folder: vscode.Uri, runId: string): string {
  const args: SourceRunLink[] = [{ folder: folder.toString(), runId }];
  return `[Open source run](command:${OPEN_RUN}?${encodeURIComponent(JSON.stringify(args))} "Reveal the run in the Runs view")`;
}

function times(created: number | null, updated: number | null, now: number): string {
  const parts = [created === null ? '$(calendar) creation time unknown' : `$(calendar) created ${escapeMarkdown(formatTimestamp(created))} UTC (${formatRelativeTime(created, now)})`];
  const age = (time: number | null) => (time === null ? '' : formatRelativeTime(time, now));
  if (updated !== null && age(updated) !== age(created)) parts.push(`updated ${age(updated)}`);
  return parts.join(' · ');
}

// MLflow's own bookkeeping tags (mlflow.*) say nothing the tooltip does not already show.
function appendTags(md: vscode.MarkdownString, tags: Record<string, string>): void {
  const shown = Object.entries(tags).filter(([key]) => !key.startsWith('mlflow.')).sort(([a], [b]) => (a < b ? -1 : 1));
  if (shown.length === 0) return;
  md.appendMarkdown(`\n\n${shown.slice(0, MAX_ROWS).map(([key, value]) => `${code(key)} ${escapeMarkdown(truncate(value, 80))}`).join('  \n')}`);
}

// Backslash escapes do not work inside a code span, and a backtick would end it.
function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
