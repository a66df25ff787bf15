// Registered models, model versions and logged models from MLflow's REST JSON.
import { restoreInfinity } from '../mlflowJson';
import type { LoggedModel, LoggedModelMetric, ModelVersion, RegisteredModel } from '../types';
import {
  type JsonObject,
  arrayField,
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

/** The model without versions: they come from model-versions/search, which pages. */
export function toRegisteredModel(json: JsonObject): RegisteredModel {
  const aliases: Record<string, string> = {};
  for (const entry of objectsField(json, 'aliases')) aliases[requiredString(entry, 'alias')] = idString(entry, 'version');
  return {
    name: requiredString(json, 'name'),
    // The server leaves an empty description out, so "" and unset both read as null.
    description: optionalString(json, 'description'),
    creation_timestamp: optionalTime(json, 'creation_timestamp'),
    last_updated_timestamp: optionalTime(json, 'last_updated_timestamp'),
    tags: keyValueMap(json, 'tags'),
    aliases,
    versions: [],
  };
}

/**
 * model-versions/search leaves out `aliases` and `model_id` (MLflow's ModelVersion.to_proto does
 * not write them), so aliases are filled in from the registered model's alias map by the caller.
 */
export function toModelVersion(json: JsonObject): ModelVersion {
  return {
    name: requiredString(json, 'name'),
    version: idString(json, 'version'),
    current_stage: stringField(json, 'current_stage'),
    status: stringField(json, 'status') || 'READY',
    // Empty strings here mean unset; the other stores give null.
    run_id: optionalString(json, 'run_id') || null,
    source: stringField(json, 'source'),
    creation_timestamp: optionalTime(json, 'creation_timestamp'),
    last_updated_timestamp: optionalTime(json, 'last_updated_timestamp'),
    description: optionalString(json, 'description') || null,
    tags: keyValueMap(json, 'tags'),
    aliases: arrayField(json, 'aliases').map((alias, index) => {
      if (typeof alias !== 'string') throw new TypeError(`"aliases[${index}]" is not a string`);
      return alias;
    }),
    model_id: optionalString(json, 'model_id'),
  };
}

/** Attaches versions ascending by number and each version's aliases from the model's map. */
export function withVersions(model: RegisteredModel, versions: ModelVersion[]): RegisteredModel {
  const aliasesByVersion = new Map<string, string[]>();
  for (const [alias, version] of Object.entries(model.aliases)) {
    aliasesByVersion.set(version, [...(aliasesByVersion.get(version) ?? []), alias]);
  }
  const sorted = [...versions].sort((a, b) => Number(a.version) - Number(b.version));
  return {
    ...model,
    versions: sorted.map((v) => ({ ...v, aliases: mergeAliases(v.aliases, aliasesByVersion.get(v.version)) })),
  };
}

function mergeAliases(own: string[], fromModel: string[] | undefined): string[] {
  return [...new Set([...own, ...(fromModel ?? [])])];
}

const LOGGED_MODEL_STATUS: Record<string, string> = {
  LOGGED_MODEL_STATUS_UNSPECIFIED: 'UNSPECIFIED',
  LOGGED_MODEL_PENDING: 'PENDING',
  LOGGED_MODEL_READY: 'READY',
  LOGGED_MODEL_UPLOAD_FAILED: 'FAILED',
};

/** Status names as MLflow's LoggedModelStatus enum spells them (PENDING, READY, FAILED). */
export function toLoggedModel(json: JsonObject): LoggedModel {
  const info = objectField(json, 'info');
  const data = objectField(json, 'data');
  const status = stringField(info, 'status') || 'LOGGED_MODEL_STATUS_UNSPECIFIED';
  const statusName = LOGGED_MODEL_STATUS[status];
  if (statusName === undefined) throw new TypeError(`unknown logged model status ${JSON.stringify(status)}`);
  return {
    model_id: requiredString(info, 'model_id'),
    experiment_id: idString(info, 'experiment_id'),
    name: stringField(info, 'name'),
    artifact_location: stringField(info, 'artifact_uri'),
    creation_timestamp: optionalTime(info, 'creation_timestamp_ms'),
    last_updated_timestamp: optionalTime(info, 'last_updated_timestamp_ms'),
    status: statusName,
    // The server writes these unset fields as "" (LoggedModel.to_proto); the database holds NULL.
    source_run_id: optionalString(info, 'source_run_id') || null,
    model_type: optionalString(info, 'model_type') || null,
    tags: keyValueMap(info, 'tags'),
    params: keyValueMap(data, 'params'),
    metrics: objectsField(data, 'metrics').map(toLoggedModelMetric),
  };
}

function toLoggedModelMetric(json: JsonObject): LoggedModelMetric {
  return {
    key: requiredString(json, 'key'),
    value: restoreInfinity(numberField(json, 'value')),
    step: integerField(json, 'step'),
    timestamp: integerField(json, 'timestamp'),
    run_id: optionalString(json, 'run_id'),
    dataset_name: optionalString(json, 'dataset_name'),
    dataset_digest: optionalString(json, 'dataset_digest'),
  };
}
