import type { Snapshot } from '../../sqlite';
import type { LoggedModel } from '../types';
import { restoreInfinity } from '../mlflowJson';
import { columnPositions, idText, num, text, textOr } from './rows';

const STATUS_BY_NUMBER = ['UNSPECIFIED', 'PENDING', 'READY', 'FAILED'];

export function readLoggedModels(db: Snapshot, experimentIds: ReadonlySet<string>): LoggedModel[] {
  if (!db.hasTable('logged_models')) return [];
  const table = db.table('logged_models');
  const c = columnPositions(table, [
    'model_id', 'experiment_id', 'name', 'artifact_location', 'creation_timestamp_ms', 'last_updated_timestamp_ms',
    'status', 'lifecycle_stage', 'model_type', 'source_run_id',
  ] as const);
  const models = new Map<string, LoggedModel>();
  for (const row of table.scan()) {
    const experimentId = idText(row, c.experiment_id);
    if (!experimentIds.has(experimentId) || text(row, c.lifecycle_stage) === 'deleted') continue;
    const model: LoggedModel = {
      model_id: textOr(row, c.model_id, ''),
      experiment_id: experimentId,
      name: textOr(row, c.name, ''),
      artifact_location: textOr(row, c.artifact_location, ''),
      creation_timestamp: num(row, c.creation_timestamp_ms),
      last_updated_timestamp: num(row, c.last_updated_timestamp_ms),
      status: STATUS_BY_NUMBER[num(row, c.status) ?? 0] ?? 'UNSPECIFIED',
      source_run_id: text(row, c.source_run_id),
      model_type: text(row, c.model_type),
      tags: {},
      params: {},
      metrics: [],
    };
    models.set(model.model_id, model);
  }
  attachKeyValues(db, 'logged_model_tags', 'tag_key', 'tag_value', models, (m) => m.tags);
  attachKeyValues(db, 'logged_model_params', 'param_key', 'param_value', models, (m) => m.params);
  attachMetrics(db, models);
  // MLflow's search_logged_models default order: newest first, then model_id.
  return [...models.values()].sort(
    (a, b) => (b.creation_timestamp ?? 0) - (a.creation_timestamp ?? 0) || (a.model_id < b.model_id ? -1 : 1),
  );
}

function attachKeyValues(
  db: Snapshot,
  tableName: string,
  keyColumn: string,
  valueColumn: string,
  models: Map<string, LoggedModel>,
  target: (model: LoggedModel) => Record<string, string>,
): void {
  if (!db.hasTable(tableName)) return;
  const table = db.table(tableName);
  const c = columnPositions(table, ['model_id', keyColumn, valueColumn]);
  for (const row of table.scan()) {
    const model = models.get(textOr(row, c.model_id, ''));
    const key = text(row, c[keyColumn]);
    if (model && key !== null) target(model)[key] = text(row, c[valueColumn]) ?? '';
  }
}

function attachMetrics(db: Snapshot, models: Map<string, LoggedModel>): void {
  if (!db.hasTable('logged_model_metrics')) return;
  const table = db.table('logged_model_metrics');
  const c = columnPositions(table, [
    'model_id', 'metric_name', 'metric_timestamp_ms', 'metric_step', 'metric_value', 'run_id', 'dataset_name', 'dataset_digest',
  ] as const);
  for (const row of table.scan()) {
    const model = models.get(textOr(row, c.model_id, ''));
    if (!model) continue;
    model.metrics.push({
      key: textOr(row, c.metric_name, ''),
      value: restoreInfinity(num(row, c.metric_value) ?? Number.NaN),
      step: num(row, c.metric_step) ?? 0,
      timestamp: num(row, c.metric_timestamp_ms) ?? 0,
      run_id: text(row, c.run_id),
      dataset_name: text(row, c.dataset_name),
      dataset_digest: text(row, c.dataset_digest),
    });
  }
}
