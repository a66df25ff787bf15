// Experiments, runs and metric points from MLflow's REST JSON, read the way MLflow's Python
// entities read the same protobuf messages (Experiment/Run/Metric.from_proto).
import { restoreInfinity } from '../mlflowJson';
import type {
  DatasetInput,
  Experiment,
  LifecycleStage,
  MetricPoint,
  ModelOutput,
  Run,
  RunStatus,
} from '../types';
import {
  type JsonObject,
  idString,
  integerField,
  keyValueMap,
  numberField,
  objectField,
  objectsField,
  optionalString,
  optionalTime,
  requiredString,
  stringField,
} from './jsonFields';

const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

export function toExperiment(json: JsonObject): Experiment {
  return {
    experiment_id: idString(json, 'experiment_id'),
    name: stringField(json, 'name'),
    artifact_location: stringField(json, 'artifact_location'),
    lifecycle_stage: lifecycleStage(json),
    creation_time: optionalTime(json, 'creation_time'),
    last_update_time: optionalTime(json, 'last_update_time'),
    tags: keyValueMap(json, 'tags'),
  };
}

export function toRun(json: JsonObject): Run {
  const info = objectField(json, 'info');
  const data = objectField(json, 'data');
  const metrics: Record<string, number> = {};
  for (const metric of objectsField(data, 'metrics')) {
    metrics[requiredString(metric, 'key')] = restoreInfinity(numberField(metric, 'value'));
  }
  return {
    info: {
      // run_uuid is the pre-1.x name; servers still send both.
      run_id: optionalString(info, 'run_id') || requiredString(info, 'run_uuid'),
      run_name: stringField(info, 'run_name'),
      experiment_id: idString(info, 'experiment_id'),
      user_id: stringField(info, 'user_id'),
      status: runStatus(info.status),
      start_time: optionalTime(info, 'start_time'),
      end_time: optionalTime(info, 'end_time'),
      artifact_uri: stringField(info, 'artifact_uri'),
      lifecycle_stage: lifecycleStage(info),
    },
    data: { metrics, params: keyValueMap(data, 'params'), tags: keyValueMap(data, 'tags') },
    inputs: { dataset_inputs: objectsField(objectField(json, 'inputs'), 'dataset_inputs').map(toDatasetInput) },
    outputs: { model_outputs: objectsField(objectField(json, 'outputs'), 'model_outputs').map(toModelOutput) },
  };
}

/** The run id of a run's JSON, if it can be found, to name a run that failed to convert. */
export function runIdOf(json: unknown): string | null {
  const info = (json as { info?: { run_id?: unknown; run_uuid?: unknown } } | null)?.info;
  const id = info?.run_id ?? info?.run_uuid;
  return typeof id === 'string' && id !== '' ? id : null;
}

export function toMetricPoint(json: JsonObject): MetricPoint {
  return {
    step: integerField(json, 'step'),
    timestamp: integerField(json, 'timestamp'),
    value: restoreInfinity(numberField(json, 'value')),
  };
}

function toDatasetInput(json: JsonObject): DatasetInput {
  const dataset = objectField(json, 'dataset');
  return {
    tags: objectsField(json, 'tags').map((tag) => ({ key: requiredString(tag, 'key'), value: stringField(tag, 'value') })),
    dataset: {
      name: stringField(dataset, 'name'),
      digest: stringField(dataset, 'digest'),
      source_type: stringField(dataset, 'source_type'),
      source: stringField(dataset, 'source'),
      schema: optionalString(dataset, 'schema'),
      profile: optionalString(dataset, 'profile'),
    },
  };
}

function toModelOutput(json: JsonObject): ModelOutput {
  return { model_id: requiredString(json, 'model_id'), step: integerField(json, 'step') };
}

// MessageToDict writes enum names; a server configured for integer enums writes numbers.
function runStatus(value: unknown): RunStatus {
  if (typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value)) return value as RunStatus;
  if (typeof value === 'number' && value >= 1 && value <= RUN_STATUSES.length) return RUN_STATUSES[value - 1];
  throw new TypeError(`unknown run status ${JSON.stringify(value)}`);
}

function lifecycleStage(json: JsonObject): LifecycleStage {
  const stage = json.lifecycle_stage ?? 'active';
  if (stage === 'active' || stage === 'deleted') return stage;
  throw new TypeError(`unknown lifecycle_stage ${JSON.stringify(stage)}`);
}
