// Text of the CodeLens and the status bar item, from what the store answered. No `vscode` here:
// these are unit-tested in plain Node.
import { formatNumber } from '../../core/format/numbers';
import type { MetricSummary } from '../../core/metrics/metricSummary';
import type { MetricTrend } from '../../core/metrics/metricTrend';

const TREND_ARROWS: Record<MetricTrend, string> = { up: '↑', down: '↓', flat: '→' };

export function runName(run: { runName: string; runId: string }): string {
  return run.runName || run.runId.slice(0, 8);
}

/** e.g. `train/loss 0.031 (latest run) · best 0.012 in 5 recent runs` */
export function metricLensTitle(summary: MetricSummary): string {
  const [latest] = summary.runs;
  if (!latest) return `${summary.key}: not logged by any run yet`;
  const which = latest.status === 'RUNNING' ? 'latest run, training' : 'latest run';
  const title = `${summary.key} ${formatNumber(latest.value)} (${which})`;
  const count = summary.runs.length;
  if (count === 1) return title;
  const runs = `${count} recent runs`;
  return summary.best ? `${title} · best ${formatNumber(summary.best.value)} in ${runs}` : `${title} · ${runs}`;
}

export function metricLensTooltip(summary: MetricSummary): string {
  const [latest] = summary.runs;
  if (!latest) return `No run of this folder's tracking store has logged ${summary.key}.`;
  const lines = [`Latest: ${runName(latest)} (${latest.status.toLowerCase()}), ${formatNumber(latest.value)}`];
  if (summary.best) lines.push(`Best (${summary.goal} is better): ${runName(summary.best)}, ${formatNumber(summary.best.value)}`);
  lines.push(`Click to compare the ${summary.runs.length === 1 ? 'run' : `${summary.runs.length} runs`}.`);
  return lines.join('\n');
}

export interface TrainingStatus {
  runName: string;
  /** the metric followed, if the run has one */
  metric?: { key: string; value: number | undefined; trend: MetricTrend | undefined };
}

/** e.g. `$(sync~spin) still-training · loss 0.55 ↓`; a metric not logged yet shows as `—`. */
export function trainingStatusText(status: TrainingStatus): string {
  // `$(name)` in a run's name would render as an icon
  const parts = [`$(sync~spin) ${status.runName.replace(/\$\(/g, '\\$(')}`];
  const { metric } = status;
  if (metric) {
    const value = metric.value === undefined ? '—' : formatNumber(metric.value);
    parts.push(`${metric.key} ${value}${metric.trend ? ` ${TREND_ARROWS[metric.trend]}` : ''}`);
  }
  return parts.join(' · ');
}

/** The metric the status bar follows: the chosen one, else the Runs view's, else the first by name. */
export function statusBarMetric(metrics: Record<string, number>, chosen: string, runsViewMetric: string): string | undefined {
  if (chosen) return chosen;
  if (runsViewMetric && runsViewMetric in metrics) return runsViewMetric;
  return Object.keys(metrics).sort()[0];
}

/** The metric the Runs view shows beside runs: the one chosen there, else the setting, else the one it sorts by. */
export function runsViewMetric(chosenInView: string | undefined, setting: string, orderBy: string | undefined): string {
  const sorted = /^\s*metrics?\.(?:"([^"]+)"|`([^`]+)`|(\S+))/i.exec(orderBy ?? '');
  return chosenInView || setting || (sorted ? (sorted[1] ?? sorted[2] ?? sorted[3]) : '');
}
