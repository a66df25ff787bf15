// Markdown of the hover on a logged metric and of the training run's status bar tooltip. No
// `vscode` here: these are unit-tested in plain Node.
import { formatNumber } from '../../core/format/numbers';
import { overlaySparklineSvg } from '../../core/metrics/overlaySparkline';
import type { MetricSummary } from '../../core/metrics/metricSummary';
import { sparklineSvg, svgDataUri } from '../../core/metrics/sparkline';
import type { MetricPoint } from '../../core/tracking/types';
import { compareCommandUri } from './compareLink';
import { runName } from './inlineMetricText';

// Fixed colours: images in hovers cannot read the theme. Red is left for NaN and infinity marks.
export const RUN_COLORS = ['#3794ff', '#cca700', '#89d185', '#b180d7', '#d18616', '#4ec9b0', '#c586c0', '#9cdcfe'];

/** Keeps text from being read as Markdown, theme icons or a table cell break. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function image(alt: string, svg: string): string {
  return `![${escapeMarkdown(alt)}](${svgDataUri(svg)})`;
}

/**
 * The metric across the recent runs: one chart with a line per run, a row per run with its own
 * sparkline in the run's colour, and a link that opens the Compare panel on them.
 */
export function metricHoverMarkdown(summary: MetricSummary, histories: ReadonlyMap<string, readonly MetricPoint[]>, folder: string): string {
  const key = escapeMarkdown(summary.key);
  const count = summary.runs.length;
  if (count === 0) return `**${key}** has not been logged by any run of this folder's tracking store yet.`;
  const scope = count === 1 ? 'the most recent run that logged it' : `the ${count} most recent runs that logged it`;
  const parts = [`**${key}** in ${scope} · ${summary.goal} is better`];
  const series = summary.runs.map((run, i) => ({ points: histories.get(run.runId) ?? [], color: RUN_COLORS[i % RUN_COLORS.length] }));
  if (series.some((s) => s.points.length > 0)) parts.push(image(`${summary.key} in ${count} runs`, overlaySparklineSvg(series)));
  const rows = summary.runs.map((run, i) => {
    const history = series[i].points;
    const chart = history.length > 1 ? image(`${runName(run)} history`, sparklineSvg(history, { stroke: series[i].color, width: 100, height: 18 })) : '';
    const value = escapeMarkdown(formatNumber(run.value));
    const best = run === summary.best ? `**${value}** (best)` : value;
    return `| ${escapeMarkdown(runName(run))} | ${run.status.toLowerCase()} | ${best} | ${chart} |`;
  });
  parts.push(['| run | status | latest | history |', '| --- | --- | ---: | --- |', ...rows].join('\n'));
  const runIds = summary.runs.map((run) => run.runId);
  parts.push(`[$(compare-changes) Compare ${count === 1 ? 'this run' : `these ${count} runs`}](${compareCommandUri({ folder, runIds })})`);
  return parts.join('\n\n');
}

export interface TrainingTooltip {
  runName: string;
  runId: string;
  folder: string;
  metricKey: string | undefined;
  history: readonly MetricPoint[];
}

export function trainingStatusTooltip(tooltip: TrainingTooltip): string {
  const parts = [`**${escapeMarkdown(tooltip.runName)}** is training · \`${tooltip.runId}\``];
  const last = tooltip.history[tooltip.history.length - 1];
  if (tooltip.metricKey && last) {
    parts.push(`${escapeMarkdown(tooltip.metricKey)} ${escapeMarkdown(formatNumber(last.value))} at step ${last.step}`);
    if (tooltip.history.length > 1) parts.push(image(`${tooltip.metricKey} history`, sparklineSvg(tooltip.history, { width: 200, height: 36 })));
  } else if (tooltip.metricKey) {
    parts.push(`${escapeMarkdown(tooltip.metricKey)} is not logged yet`);
  }
  parts.push(`[$(compare-changes) Compare](${compareCommandUri({ folder: tooltip.folder, runIds: [tooltip.runId] })})`);
  return parts.join('\n\n');
}
