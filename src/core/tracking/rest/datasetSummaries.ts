// MLflow has no endpoint that lists datasets: they are read from the runs' dataset inputs.
// A dataset belongs to one experiment (MLflow keys it by experiment, name and digest).
import type { DatasetSummary, Run } from '../types';

const CONTEXT_TAG = 'mlflow.data.context';

/** Ordered by name, digest, then experiment id; each dataset's runs in the order given. */
export function summarizeDatasets(runs: readonly Run[]): DatasetSummary[] {
  const byKey = new Map<string, DatasetSummary>();
  for (const run of runs) {
    for (const input of run.inputs.dataset_inputs) {
      const { dataset } = input;
      const key = JSON.stringify([run.info.experiment_id, dataset.name, dataset.digest]);
      let summary = byKey.get(key);
      if (summary === undefined) {
        summary = { ...dataset, experiment_id: run.info.experiment_id, runs: [] };
        byKey.set(key, summary);
      }
      if (summary.runs.some((use) => use.run_id === run.info.run_id)) continue;
      const context = input.tags.find((tag) => tag.key === CONTEXT_TAG)?.value ?? null;
      summary.runs.push({ run_id: run.info.run_id, experiment_id: run.info.experiment_id, context });
    }
  }
  return [...byKey.values()].sort(
    (a, b) => compare(a.name, b.name) || compare(a.digest, b.digest) || compare(a.experiment_id, b.experiment_id),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
