import type { Snapshot } from '../../sqlite';
import type { DatasetSummary } from '../types';
import { columnPositions, text, textOr } from './rows';
import { datasetsByUuid, inputTagsByInput } from './runRows';

const CONTEXT_TAG = 'mlflow.data.context';

/** Datasets of the given experiments with the runs that used each (runs of any lifecycle stage). */
export function readDatasets(db: Snapshot, experimentIds: ReadonlySet<string>): DatasetSummary[] {
  const summaries = new Map<string, DatasetSummary>();
  for (const [uuid, dataset] of datasetsByUuid(db, null)) {
    if (experimentIds.has(dataset.experiment_id)) summaries.set(uuid, { ...dataset, runs: [] });
  }
  if (summaries.size === 0 || !db.hasTable('inputs')) return [...summaries.values()];
  const inputs = db.table('inputs');
  const c = columnPositions(inputs, ['input_uuid', 'source_type', 'source_id', 'destination_type', 'destination_id'] as const);
  const uses: { summary: DatasetSummary; runId: string; inputUuid: string }[] = [];
  for (const row of inputs.scan()) {
    if (text(row, c.source_type) !== 'DATASET' || text(row, c.destination_type) !== 'RUN') continue;
    const summary = summaries.get(textOr(row, c.source_id, ''));
    if (summary) uses.push({ summary, runId: textOr(row, c.destination_id, ''), inputUuid: textOr(row, c.input_uuid, '') });
  }
  const tags = inputTagsByInput(db, new Set(uses.map((u) => u.inputUuid)));
  for (const use of uses) {
    const context = tags.get(use.inputUuid)?.find((t) => t.key === CONTEXT_TAG)?.value ?? null;
    use.summary.runs.push({ run_id: use.runId, experiment_id: use.summary.experiment_id, context });
  }
  return [...summaries.values()].sort((a, b) => a.name.localeCompare(b.name) || a.digest.localeCompare(b.digest));
}
