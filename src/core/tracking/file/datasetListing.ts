// Datasets with the runs that used them, from the runs' dataset inputs. MLflow's
// FileStore._search_datasets looks at every run folder of the experiments, deleted runs included,
// and tells uses apart by the `mlflow.data.context` input tag.
import type { DatasetSummary, Run } from '../types';
import { comparePythonStrings } from './pythonText';

const DATASET_CONTEXT_TAG = 'mlflow.data.context';

export function summarizeDatasets(runs: readonly Run[]): DatasetSummary[] {
  const byDataset = new Map<string, DatasetSummary>();
  for (const run of runs) {
    const experimentId = run.info.experiment_id;
    for (const input of run.inputs.dataset_inputs) {
      const { dataset } = input;
      // A dataset folder is md5(name + digest), so name and digest identify it in an experiment.
      const key = JSON.stringify([experimentId, dataset.name, dataset.digest]);
      let summary = byDataset.get(key);
      if (!summary) {
        summary = { ...dataset, experiment_id: experimentId, runs: [] };
        byDataset.set(key, summary);
      }
      const context = input.tags.find((tag) => tag.key === DATASET_CONTEXT_TAG)?.value ?? null;
      summary.runs.push({ run_id: run.info.run_id, experiment_id: experimentId, context });
    }
  }
  const summaries = [...byDataset.values()];
  for (const summary of summaries) {
    summary.runs.sort((a, b) => comparePythonStrings(a.run_id, b.run_id) || comparePythonStrings(a.context ?? '', b.context ?? ''));
  }
  return summaries.sort(
    (a, b) =>
      comparePythonStrings(a.experiment_id, b.experiment_id) ||
      comparePythonStrings(a.name, b.name) ||
      comparePythonStrings(a.digest, b.digest),
  );
}
