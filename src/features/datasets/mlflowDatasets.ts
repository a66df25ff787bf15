import { modelVersionsByRun } from '../../core/datasets/lineage';
import { TrackingError, describeError } from '../../core/tracking/errors';
import type { Dataset, DatasetSummary, ModelVersion, Run, StoreProblem, TrackingStore } from '../../core/tracking/types';

/** One dataset as logged: a name with a digest and source, used by runs of one or more experiments. */
export interface DatasetVersion extends Dataset {
  /** tells versions of one name apart: the digest, and the source where equal digests name different data */
  key: string;
  experimentIds: string[];
  /** each run once, with the contexts it used the dataset in */
  uses: { runId: string; experimentId: string; contexts: (string | null)[] }[];
}

export interface DatasetGroup {
  name: string;
  versions: DatasetVersion[];
}

/** What the Datasets view shows of a tracking store, loaded once per refresh. */
export interface MlflowDatasets {
  store: TrackingStore;
  datasets: DatasetGroup[];
  problems: StoreProblem[];
  experimentNames: Map<string, string>;
  modelsByRun: Map<string, ModelVersion[]>;
}

export async function loadMlflowDatasets(store: TrackingStore, signal?: AbortSignal): Promise<MlflowDatasets> {
  const [datasets, experiments, models] = await Promise.all([
    store.listDatasets([], signal),
    store.listExperiments('all', signal),
    // The registry is extra: without it the datasets and runs still show.
    store.listRegisteredModels(signal).catch((error: unknown) => {
      if (isCancellation(error, signal)) throw error;
      return { items: [], problems: [{ item: 'model registry', message: describeError(error) }] };
    }),
  ]);
  return {
    store,
    datasets: groupDatasets(datasets.items),
    problems: [...datasets.problems, ...experiments.problems, ...models.problems],
    experimentNames: new Map(experiments.items.map((e) => [e.experiment_id, e.name])),
    modelsByRun: sortedModelsByRun(modelVersionsByRun(models.items)),
  };
}

/** Summaries (one per dataset and experiment) as datasets by name, each with its versions. */
export function groupDatasets(summaries: DatasetSummary[]): DatasetGroup[] {
  const byName = new Map<string, Map<string, DatasetVersion>>();
  for (const summary of summaries) {
    const versions = byName.get(summary.name) ?? new Map<string, DatasetVersion>();
    byName.set(summary.name, versions);
    const key = JSON.stringify([summary.digest, summary.source_type, summary.source]);
    let version = versions.get(key);
    if (!version) {
      const { experiment_id: _experiment, runs: _runs, ...dataset } = summary;
      version = { ...dataset, key: summary.digest, experimentIds: [], uses: [] };
      versions.set(key, version);
    }
    if (!version.experimentIds.includes(summary.experiment_id)) version.experimentIds.push(summary.experiment_id);
    for (const use of summary.runs) {
      const known = version.uses.find((u) => u.runId === use.run_id);
      if (known) known.contexts.push(use.context);
      else version.uses.push({ runId: use.run_id, experimentId: use.experiment_id, contexts: [use.context] });
    }
  }
  return [...byName].sort(([a], [b]) => byText(a, b)).map(([name, versions]) => {
    const list = [...versions.values()];
    // Equal digests with different sources would share an id: only then does the source join the key.
    for (const version of list) {
      if (list.some((other) => other !== version && other.digest === version.digest)) version.key = JSON.stringify([version.digest, version.source_type, version.source]);
    }
    return { name, versions: list };
  });
}

/** Newest use first: the version trained on last leads. */
export function sortVersions(versions: DatasetVersion[], runs: ReadonlyMap<string, Run>): DatasetVersion[] {
  const newest = (version: DatasetVersion) => Math.max(0, ...version.uses.map((use) => runs.get(use.runId)?.info.start_time ?? 0));
  return [...versions].sort((a, b) => newest(b) - newest(a) || byText(a.digest, b.digest));
}

function sortedModelsByRun(byRun: Map<string, ModelVersion[]>): Map<string, ModelVersion[]> {
  for (const list of byRun.values()) list.sort((a, b) => byText(a.name, b.name) || Number(b.version) - Number(a.version));
  return byRun;
}

export function byText(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof TrackingError && error.code === 'CANCELLED');
}
