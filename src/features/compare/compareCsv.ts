import type { RunSummary } from '../../protocol/compare';
import type { MetricPoint } from '../../core/tracking/types';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? csvNumber(value) : value;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

// Full precision, and MLflow's spelling of the non-finite values (pandas reads them back).
function csvNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

function isoTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

/**
 * One row per run: its identity, the chosen params, then for each chosen metric its latest,
 * lowest and highest value (stats over the whole history, empty where the history was not read).
 */
export function runsCsv(runs: readonly RunSummary[], paramKeys: readonly string[], metricKeys: readonly string[]): string {
  const header = ['run_id', 'run_name', 'experiment_id', 'experiment', 'status', 'start_time', 'end_time', 'git_commit'];
  for (const key of paramKeys) header.push(`params.${key}`);
  for (const key of metricKeys) header.push(`metrics.${key}`, `metrics.${key}.min`, `metrics.${key}.max`);
  let csv = csvRow(header);
  for (const run of runs) {
    const row: (string | number | null | undefined)[] = [
      run.runId, run.runName, run.experimentId, run.experimentName, run.status, isoTime(run.startTime), isoTime(run.endTime), run.gitCommit,
    ];
    for (const key of paramKeys) row.push(run.params[key]);
    for (const key of metricKeys) row.push(run.metrics[key], run.metricStats[key]?.min, run.metricStats[key]?.max);
    csv += csvRow(row);
  }
  return csv;
}

export const HISTORY_CSV_HEADER = csvRow(['run_id', 'run_name', 'key', 'step', 'timestamp', 'value']);

/** Rows of one metric history of one run, in the long format pandas and spreadsheets pivot. */
export function historyCsvRows(run: Pick<RunSummary, 'runId' | 'runName'>, key: string, points: readonly MetricPoint[]): string {
  const prefix = `${csvField(run.runId)},${csvField(run.runName)},${csvField(key)},`;
  let rows = '';
  for (const point of points) rows += `${prefix}${csvNumber(point.step)},${csvNumber(point.timestamp)},${csvNumber(point.value)}\r\n`;
  return rows;
}
