import * as vscode from 'vscode';
import { sparklineSvg, svgDataUri } from '../../core/metrics/sparkline';
import { formatNumber } from '../../core/format/numbers';
import { formatDuration, formatTimestamp } from '../../core/format/time';
import type { MetricPoint, Run } from '../../core/tracking/types';
import { COMMIT_TAG, SOURCE_NAME_TAG, runLabel } from './runItem';

/** Keeps text from being read as Markdown or breaking a table row. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

const MAX_ROWS = 30;

export function runTooltip(run: Run, histories: ReadonlyMap<string, MetricPoint[]> | undefined, now: number): vscode.MarkdownString {
  const { info, data } = run;
  const md = new vscode.MarkdownString(undefined, true);
  const end = info.end_time ?? (info.status === 'RUNNING' ? now : null);
  md.appendMarkdown(`**${escapeMarkdown(runLabel(run))}** · ${info.status.toLowerCase()}`);
  if (info.lifecycle_stage === 'deleted') md.appendMarkdown(' · deleted');
  md.appendMarkdown(`\n\n$(calendar) ${escapeMarkdown(formatTimestamp(info.start_time))} UTC · $(watch) ${formatDuration(info.start_time, end)}`);
  md.appendMarkdown(`\n\n$(key) \`${info.run_id}\``);
  const commit = data.tags[COMMIT_TAG];
  if (commit) {
    const source = data.tags[SOURCE_NAME_TAG];
    md.appendMarkdown(`\n\n$(git-commit) \`${escapeMarkdown(commit.slice(0, 10))}\`${source ? ` ${escapeMarkdown(source)}` : ''}`);
  }
  const metrics = Object.keys(data.metrics).sort();
  if (metrics.length > 0) {
    md.appendMarkdown('\n\n| metric | latest | history |\n| --- | ---: | --- |\n');
    for (const key of metrics.slice(0, MAX_ROWS)) {
      const history = histories?.get(key);
      const chart = history && history.length > 1 ? `![${escapeMarkdown(key)} history](${svgDataUri(sparklineSvg(history))})` : '';
      md.appendMarkdown(`| ${escapeMarkdown(key)} | ${escapeMarkdown(formatNumber(data.metrics[key]))} | ${chart} |\n`);
    }
    if (metrics.length > MAX_ROWS) md.appendMarkdown(`\n_and ${metrics.length - MAX_ROWS} more metrics_\n`);
  }
  const params = Object.keys(data.params).sort();
  if (params.length > 0) {
    md.appendMarkdown('\n\n| param | value |\n| --- | --- |\n');
    for (const key of params.slice(0, MAX_ROWS)) {
      md.appendMarkdown(`| ${escapeMarkdown(key)} | ${escapeMarkdown(truncate(data.params[key], 80))} |\n`);
    }
    if (params.length > MAX_ROWS) md.appendMarkdown(`\n_and ${params.length - MAX_ROWS} more params_\n`);
  }
  const datasets = run.inputs.dataset_inputs.map((d) => `${d.dataset.name}@${d.dataset.digest}`);
  if (datasets.length > 0) md.appendMarkdown(`\n\n$(database) ${datasets.map(escapeMarkdown).join(', ')}`);
  return md;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
