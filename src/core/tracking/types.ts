// The shapes use MLflow's own field names so that JSON from the CLI compares directly with
// MLflow's Python entities and REST responses.

export type ViewType = 'active' | 'deleted' | 'all';
export type LifecycleStage = 'active' | 'deleted';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  creation_time: number | null;
  last_update_time: number | null;
  tags: Record<string, string>;
}

export interface RunInfo {
  run_id: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  start_time: number | null;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface RunData {
  /** Latest value of each metric; NaN and ±Infinity are kept as numbers. */
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface InputTag {
  key: string;
  value: string;
}

export interface Dataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface DatasetInput {
  tags: InputTag[];
  dataset: Dataset;
}

export interface ModelOutput {
  model_id: string;
  step: number;
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: { dataset_inputs: DatasetInput[] };
  outputs: { model_outputs: ModelOutput[] };
}

export interface MetricPoint {
  step: number;
  timestamp: number;
  value: number;
}

export interface ModelVersion {
  name: string;
  version: string;
  current_stage: string;
  status: string;
  run_id: string | null;
  source: string;
  creation_timestamp: number | null;
  last_updated_timestamp: number | null;
  description: string | null;
  tags: Record<string, string>;
  aliases: string[];
  model_id: string | null;
}

export interface RegisteredModel {
  name: string;
  description: string | null;
  creation_timestamp: number | null;
  last_updated_timestamp: number | null;
  tags: Record<string, string>;
  /** alias -> version */
  aliases: Record<string, string>;
  /** ascending by version number */
  versions: ModelVersion[];
}

export interface LoggedModelMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number;
  run_id: string | null;
  dataset_name: string | null;
  dataset_digest: string | null;
}

export interface LoggedModel {
  model_id: string;
  experiment_id: string;
  name: string;
  artifact_location: string;
  creation_timestamp: number | null;
  last_updated_timestamp: number | null;
  status: string;
  source_run_id: string | null;
  model_type: string | null;
  tags: Record<string, string>;
  params: Record<string, string>;
  metrics: LoggedModelMetric[];
}

export interface DatasetUse {
  run_id: string;
  experiment_id: string;
  /** the `mlflow.data.context` input tag: training, validation, ... */
  context: string | null;
}

export interface DatasetSummary extends Dataset {
  experiment_id: string;
  runs: DatasetUse[];
}

/** Something that could not be read; everything else was still returned. */
export interface StoreProblem {
  /** what could not be read: a path, a run id, a request */
  item: string;
  message: string;
}

export interface Listing<T> {
  items: T[];
  problems: StoreProblem[];
}

export interface RunSearch {
  /** empty means every experiment of the chosen view */
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
  view?: ViewType;
}

export interface RunPage {
  runs: Run[];
  nextPageToken: string | null;
  problems: StoreProblem[];
}

export type StoreChangeKind = 'experiments' | 'runs' | 'models' | 'datasets';

export interface StoreChange {
  kinds: StoreChangeKind[];
  /** the runs known to have changed, when the backend can tell */
  runIds?: string[];
}

export interface Disposable {
  dispose(): void;
}

export interface WatchOptions {
  /** how often a backend that cannot be notified (a server) is polled */
  pollIntervalMs?: number;
}

export type StoreKind = 'sqlite' | 'file' | 'rest';

/** Changes to the model registry, made through a tracking server's API; local stores are never written. */
export interface RegistryWrites {
  /** points `alias` at `version`, moving it if it pointed at another version */
  setModelAlias(name: string, alias: string, version: string, signal?: AbortSignal): Promise<void>;
  deleteModelAlias(name: string, alias: string, signal?: AbortSignal): Promise<void>;
}

export interface TrackingStore {
  readonly kind: StoreKind;
  /** the resolved tracking URI, without credentials */
  readonly uri: string;
  /** present only where the registry may be written: a tracking server */
  readonly registryWrites?: RegistryWrites;

  listExperiments(view: ViewType, signal?: AbortSignal): Promise<Listing<Experiment>>;
  searchRuns(search: RunSearch, signal?: AbortSignal): Promise<RunPage>;
  getRun(runId: string, signal?: AbortSignal): Promise<Run>;
  /** sorted by step then timestamp; non-finite values kept */
  getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]>;
  listRegisteredModels(signal?: AbortSignal): Promise<Listing<RegisteredModel>>;
  listLoggedModels(experimentIds: string[], signal?: AbortSignal): Promise<Listing<LoggedModel>>;
  listDatasets(experimentIds: string[], signal?: AbortSignal): Promise<Listing<DatasetSummary>>;
  /** notifies when the store changes; coalesced, never more often than the backend can tell */
  watch(onChange: (change: StoreChange) => void, options?: WatchOptions): Disposable;
  close(): void;
}
