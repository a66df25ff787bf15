// MLflow server JSON as message_to_json writes it (absent fields left out, enum names, int64
// numbers, non-finite floats as strings), and a store wired to a fake server with a clean
// environment.
import { RestTrackingStore, type RestTrackingStoreOptions } from '../../../src/core/tracking/rest';
import { makeTempDir } from '../../support/tempDir';

export const API = '/api/2.0/mlflow';

export function experimentJson(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    experiment_id: id,
    name: `exp-${id}`,
    artifact_location: `mlflow-artifacts:/${id}`,
    lifecycle_stage: 'active',
    last_update_time: 1700000000000 + Number(id),
    creation_time: 1700000000000,
    ...extra,
  };
}

export interface RunSpec {
  id: string;
  experimentId?: string;
  status?: string;
  endTime?: number;
  metrics?: Record<string, number | string>;
  datasets?: { name: string; digest: string; context?: string }[];
}

export function runJson(spec: RunSpec): Record<string, unknown> {
  const info: Record<string, unknown> = {
    run_uuid: spec.id,
    run_id: spec.id,
    experiment_id: spec.experimentId ?? '1',
    run_name: `run-${spec.id}`,
    user_id: 'alice',
    status: spec.status ?? 'FINISHED',
    start_time: 1700000001000,
    artifact_uri: `mlflow-artifacts:/1/${spec.id}/artifacts`,
    lifecycle_stage: 'active',
  };
  if (spec.endTime !== undefined) info.end_time = spec.endTime;
  const metrics = Object.entries(spec.metrics ?? {}).map(([key, value]) => ({ key, value, timestamp: 1700000002000, step: 3 }));
  const datasetInputs = (spec.datasets ?? []).map((d) => ({
    ...(d.context ? { tags: [{ key: 'mlflow.data.context', value: d.context }] } : {}),
    dataset: { name: d.name, digest: d.digest, source_type: 'local', source: '{"uri": "data.csv"}' },
  }));
  return {
    info,
    data: { metrics, params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'mlflow.runName', value: `run-${spec.id}` }] },
    inputs: datasetInputs.length > 0 ? { dataset_inputs: datasetInputs } : {},
    outputs: {},
  };
}

export function versionJson(name: string, version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    version,
    creation_timestamp: 1700000003000 + Number(version),
    last_updated_timestamp: 1700000003000 + Number(version),
    current_stage: 'None',
    description: '',
    source: `models:/m-${version}`,
    run_id: `run-${version}`,
    status: 'READY',
    run_link: '',
    ...extra,
  };
}

export interface TestStore {
  store: RestTrackingStore;
  home: string;
  dispose: () => void;
}

/** No retries or backoff unless `env` asks for them; HOME is an empty temporary directory. */
export function storeFor(uri: string, env: NodeJS.ProcessEnv = {}, options: RestTrackingStoreOptions = {}): TestStore {
  const { dir, cleanup } = makeTempDir('rest-home');
  const store = new RestTrackingStore(uri, {
    env: {
      HOME: dir,
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
      MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0',
      MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0',
      ...env,
    },
    homeDir: dir,
    ...options,
  });
  return {
    store,
    home: dir,
    dispose: () => {
      store.close();
      cleanup();
    },
  };
}
