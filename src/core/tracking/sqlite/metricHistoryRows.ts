import type { SqlValue, Snapshot } from '../../sqlite';
import type { MetricPoint } from '../types';
import { columnPositions, metricValue, num } from './rows';

export function readMetricHistory(db: Snapshot, runId: string, key: string): MetricPoint[] {
  const table = db.table('metrics');
  const c = columnPositions(table, ['key', 'value', 'timestamp', 'run_uuid', 'step', 'is_nan'] as const);
  const points: MetricPoint[] = [];
  const take = (row: SqlValue[]) => {
    if (row[c.run_uuid] !== runId || row[c.key] !== key) return;
    points.push({
      step: num(row, c.step) ?? 0,
      timestamp: num(row, c.timestamp) ?? 0,
      value: metricValue(num(row, c.value), num(row, c.is_nan)),
    });
  };
  // Databases made before MLflow 2.x lack the (run_uuid, key, step) index; fall back to the narrower ones.
  const byRunAndKey = table.indexOn(['run_uuid', 'key']);
  const byRun = table.indexOn(['run_uuid']);
  if (byRunAndKey) for (const row of byRunAndKey.rowsWithPrefix([runId, key])) take(row);
  else if (byRun) for (const row of byRun.rowsWithPrefix([runId])) take(row);
  else for (const row of table.scan()) take(row);
  return points.sort(byStepThenTimestamp);
}

function rank(value: number): number {
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
}

export function byStepThenTimestamp(a: MetricPoint, b: MetricPoint): number {
  return a.step - b.step || a.timestamp - b.timestamp || rank(a.value) - rank(b.value);
}
