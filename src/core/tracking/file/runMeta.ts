// A run's meta.yaml as FileStore._read_persisted_run_info_dict and RunInfo read it.
import type { LifecycleStage, RunInfo, RunStatus } from '../types';
import type { YamlMap } from './metaYaml';
import { asId, asNumber, asOptionalNumber, asOptionalString, asString, FieldError } from './yamlFields';

// service.proto's RunStatus, which the file store persists as an int.
const RUN_STATUS_NAMES: Record<number, RunStatus> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
};

/**
 * The RunInfo of a parsed meta.yaml, before the run name falls back to the mlflow.runName tag.
 * Throws FieldError where RunInfo's constructor rejects the file.
 */
export function runInfoFromMeta(meta: YamlMap): RunInfo {
  if (!('run_id' in meta)) throw new FieldError("missing field 'run_id'");
  // MLflow defaults a missing status to RUNNING; a missing end_time is a run still going.
  const rawStatus = meta.status ?? 1;
  if (typeof rawStatus !== 'number' || RUN_STATUS_NAMES[rawStatus] === undefined) {
    throw new FieldError(`status ${String(rawStatus)} is not a run status`);
  }
  const lifecycleStage = meta.lifecycle_stage ?? 'active';
  if (lifecycleStage !== 'active' && lifecycleStage !== 'deleted') {
    throw new FieldError(`invalid lifecycle stage '${String(lifecycleStage)}'`);
  }
  return {
    run_id: asString(meta, 'run_id'),
    run_name: asOptionalString(meta, 'run_name') ?? '',
    experiment_id: asId(meta, 'experiment_id'),
    user_id: asString(meta, 'user_id'),
    status: RUN_STATUS_NAMES[rawStatus],
    start_time: asNumber(meta, 'start_time'),
    end_time: asOptionalNumber(meta, 'end_time'),
    artifact_uri: asOptionalString(meta, 'artifact_uri') ?? '',
    lifecycle_stage: lifecycleStage as LifecycleStage,
  };
}
