// A cheap picture of a tracking server for polling: every experiment's last_update_time, the
// newest runs (status, end time, latest metrics, ...) and every registered model with its
// aliases and latest versions. Two pictures differ where the server changed.
import { toMlflowJson } from '../mlflowJson';
import type { StoreChange, StoreChangeKind } from '../types';
import { objectsField } from './jsonFields';
import type { RestClient } from './restClient';
import type { TrackingQueries } from './trackingQueries';

const NEWEST_RUNS = 50;
const API = '/api/2.0/mlflow';
const NO_INPUTS = JSON.stringify({ dataset_inputs: [] });

export interface ServerFingerprint {
  experiments: string;
  /** run id -> the run as JSON */
  runs: Map<string, string>;
  /** run id -> its dataset inputs as JSON */
  runDatasets: Map<string, string>;
  models: string;
}

export async function takeFingerprint(
  queries: TrackingQueries,
  client: RestClient,
  signal: AbortSignal,
): Promise<ServerFingerprint> {
  const experiments = await queries.listExperiments('all', signal);
  const activeIds = experiments.items.filter((e) => e.lifecycle_stage === 'active').map((e) => e.experiment_id);
  const runs = new Map<string, string>();
  const runDatasets = new Map<string, string>();
  if (activeIds.length > 0) {
    const page = await queries.searchRunPage(
      { experimentIds: activeIds, view: 'all', orderBy: ['attributes.start_time DESC'], maxResults: NEWEST_RUNS },
      signal,
    );
    for (const run of page.runs) {
      runs.set(run.info.run_id, toMlflowJson({ info: run.info, data: run.data, outputs: run.outputs }));
      runDatasets.set(run.info.run_id, JSON.stringify(run.inputs));
    }
  }
  const models = await client.call(
    { method: 'GET', endpoint: `${API}/registered-models/search`, query: { max_results: 1000 } },
    signal,
  );
  return {
    experiments: JSON.stringify(experiments.items),
    runs,
    runDatasets,
    models: JSON.stringify(objectsField(models, 'registered_models')) + String(models.next_page_token ?? ''),
  };
}

export function diffFingerprints(previous: ServerFingerprint, next: ServerFingerprint): StoreChange | null {
  const kinds = new Set<StoreChangeKind>();
  if (previous.experiments !== next.experiments) kinds.add('experiments');
  if (previous.models !== next.models) kinds.add('models');
  const runIds: string[] = [];
  for (const [runId, json] of next.runs) {
    if (previous.runs.get(runId) !== json) runIds.push(runId);
    if ((previous.runDatasets.get(runId) ?? NO_INPUTS) !== next.runDatasets.get(runId)) kinds.add('datasets');
  }
  // A run that left the window without newer runs pushing it out was deleted for good.
  if (runIds.length > 0 || (next.runs.size < NEWEST_RUNS && [...previous.runs.keys()].some((id) => !next.runs.has(id)))) {
    kinds.add('runs');
  }
  if (kinds.size === 0) return null;
  return runIds.length > 0 ? { kinds: [...kinds], runIds } : { kinds: [...kinds] };
}
