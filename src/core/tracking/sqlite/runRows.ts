import type { SqlValue, Snapshot, Table } from '../../sqlite';
import type { DatasetInput, Run, RunStatus, LifecycleStage } from '../types';
import { columnPositions, idText, metricValue, num, text, textOr } from './rows';

const RUN_COLUMNS = [
  'run_uuid', 'name', 'user_id', 'status', 'start_time', 'end_time',
  'lifecycle_stage', 'artifact_uri', 'experiment_id',
] as const;

export function runFromRow(row: SqlValue[], c: Record<(typeof RUN_COLUMNS)[number], number>): Run {
  return {
    info: {
      run_id: textOr(row, c.run_uuid, ''),
      run_name: textOr(row, c.name, ''),
      experiment_id: idText(row, c.experiment_id),
      user_id: textOr(row, c.user_id, ''),
      status: textOr(row, c.status, 'RUNNING') as RunStatus,
      start_time: num(row, c.start_time),
      end_time: num(row, c.end_time),
      artifact_uri: textOr(row, c.artifact_uri, ''),
      lifecycle_stage: textOr(row, c.lifecycle_stage, 'active') as LifecycleStage,
    },
    data: { metrics: {}, params: {}, tags: {} },
    inputs: { dataset_inputs: [] },
    outputs: { model_outputs: [] },
  };
}

export function runColumns(table: Table) {
  return columnPositions(table, RUN_COLUMNS);
}

/** Rows of `tableName` that belong to the given runs: one index seek per run when few, else one scan. */
export function rowsForRuns(
  db: Snapshot,
  tableName: string,
  runColumn: string,
  runIds: ReadonlySet<string>,
  totalRuns: number,
  visit: (row: SqlValue[], runId: string) => void,
): void {
  if (!db.hasTable(tableName)) return;
  const table = db.table(tableName);
  const position = table.columnIndex(runColumn);
  const index = table.indexOn([runColumn]);
  if (index && runIds.size * 20 < totalRuns) {
    for (const runId of runIds) for (const row of index.rowsWithPrefix([runId])) visit(row, runId);
    return;
  }
  for (const row of table.scan()) {
    const runId = row[position];
    if (typeof runId === 'string' && runIds.has(runId)) visit(row, runId);
  }
}

/** Fills params, latest metrics, tags, dataset inputs and model outputs of `runs` in place. */
export function attachRunData(db: Snapshot, runs: ReadonlyMap<string, Run>, totalRuns: number): void {
  const ids = new Set(runs.keys());
  attachKeyValues(db, 'params', runs, ids, totalRuns, (run) => run.data.params);
  attachKeyValues(db, 'tags', runs, ids, totalRuns, (run) => run.data.tags);
  if (db.hasTable('latest_metrics')) {
    const c = columnPositions(db.table('latest_metrics'), ['key', 'value', 'is_nan'] as const);
    rowsForRuns(db, 'latest_metrics', 'run_uuid', ids, totalRuns, (row, runId) => {
      const key = text(row, c.key);
      if (key !== null) runs.get(runId)!.data.metrics[key] = metricValue(num(row, c.value), num(row, c.is_nan));
    });
  }
  attachInputsAndOutputs(db, runs, ids, totalRuns);
}

function attachKeyValues(
  db: Snapshot,
  tableName: string,
  runs: ReadonlyMap<string, Run>,
  ids: ReadonlySet<string>,
  totalRuns: number,
  target: (run: Run) => Record<string, string>,
): void {
  if (!db.hasTable(tableName)) return;
  const c = columnPositions(db.table(tableName), ['key', 'value'] as const);
  rowsForRuns(db, tableName, 'run_uuid', ids, totalRuns, (row, runId) => {
    const key = text(row, c.key);
    if (key !== null) target(runs.get(runId)!)[key] = text(row, c.value) ?? '';
  });
}

function attachInputsAndOutputs(db: Snapshot, runs: ReadonlyMap<string, Run>, ids: ReadonlySet<string>, totalRuns: number): void {
  if (!db.hasTable('inputs')) return;
  const inputs = db.table('inputs');
  const c = columnPositions(inputs, ['input_uuid', 'source_type', 'source_id', 'destination_type', 'destination_id', 'step'] as const);
  const datasetInputs: { runId: string; inputUuid: string; datasetUuid: string }[] = [];
  const visit = (row: SqlValue[]) => {
    const sourceType = text(row, c.source_type);
    if (sourceType === 'DATASET' && text(row, c.destination_type) === 'RUN') {
      const runId = text(row, c.destination_id);
      if (runId && ids.has(runId)) {
        datasetInputs.push({ runId, inputUuid: textOr(row, c.input_uuid, ''), datasetUuid: textOr(row, c.source_id, '') });
      }
    } else if (sourceType === 'RUN_OUTPUT' && text(row, c.destination_type) === 'MODEL_OUTPUT') {
      const runId = text(row, c.source_id);
      const run = runId ? runs.get(runId) : undefined;
      if (run) run.outputs.model_outputs.push({ model_id: textOr(row, c.destination_id, ''), step: num(row, c.step) ?? 0 });
    }
  };
  const byDestination = inputs.indexOn(['destination_type', 'destination_id']);
  const bySource = inputs.indexOn(['source_type', 'source_id']);
  if (byDestination && bySource && ids.size * 20 < totalRuns) {
    for (const runId of ids) {
      for (const row of byDestination.rowsWithPrefix(['RUN', runId])) visit(row);
      for (const row of bySource.rowsWithPrefix(['RUN_OUTPUT', runId])) visit(row);
    }
  } else {
    for (const row of inputs.scan()) visit(row);
  }
  if (datasetInputs.length === 0) return;
  const datasets = datasetsByUuid(db, new Set(datasetInputs.map((d) => d.datasetUuid)));
  const tags = inputTagsByInput(db, new Set(datasetInputs.map((d) => d.inputUuid)));
  for (const input of datasetInputs) {
    const found = datasets.get(input.datasetUuid);
    if (!found) continue;
    const { experiment_id: _experimentId, ...dataset } = found;
    const entry: DatasetInput = { tags: tags.get(input.inputUuid) ?? [], dataset };
    runs.get(input.runId)!.inputs.dataset_inputs.push(entry);
  }
}

export function datasetsByUuid(db: Snapshot, wanted: ReadonlySet<string> | null): Map<string, DatasetInput['dataset'] & { experiment_id: string }> {
  const result = new Map<string, DatasetInput['dataset'] & { experiment_id: string }>();
  if (!db.hasTable('datasets')) return result;
  const table = db.table('datasets');
  const c = columnPositions(table, [
    'dataset_uuid', 'experiment_id', 'name', 'digest', 'dataset_source_type', 'dataset_source', 'dataset_schema', 'dataset_profile',
  ] as const);
  for (const row of table.scan()) {
    const uuid = textOr(row, c.dataset_uuid, '');
    if (wanted && !wanted.has(uuid)) continue;
    result.set(uuid, {
      name: textOr(row, c.name, ''),
      digest: textOr(row, c.digest, ''),
      source_type: textOr(row, c.dataset_source_type, ''),
      source: textOr(row, c.dataset_source, ''),
      schema: text(row, c.dataset_schema),
      profile: text(row, c.dataset_profile),
      experiment_id: idText(row, c.experiment_id),
    });
  }
  return result;
}

export function inputTagsByInput(db: Snapshot, wanted: ReadonlySet<string> | null): Map<string, { key: string; value: string }[]> {
  const result = new Map<string, { key: string; value: string }[]>();
  if (!db.hasTable('input_tags')) return result;
  const table = db.table('input_tags');
  const c = columnPositions(table, ['input_uuid', 'name', 'value'] as const);
  for (const row of table.scan()) {
    const uuid = textOr(row, c.input_uuid, '');
    if (wanted && !wanted.has(uuid)) continue;
    const list = result.get(uuid) ?? [];
    list.push({ key: textOr(row, c.name, ''), value: textOr(row, c.value, '') });
    result.set(uuid, list);
  }
  return result;
}
