// The values of a run that search compares and sorts on, read the way each store reads them.
import type { Run } from '../types';
import type { SearchDialect } from './searchDialect';

export const RUN_NAME_TAG = 'mlflow.runName';
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A run's latest metric value. The sqlite store cannot hold infinities: MLflow writes them as
 * ±1.7976931348623157e308 (and NaN as 0 with an is_nan flag, which callers check first).
 */
export function metricValue(run: Run, key: string, dialect: SearchDialect): number | undefined {
  const value = own(run.data.metrics, key);
  if (dialect === 'sqlite' && value !== undefined && !Number.isFinite(value) && !Number.isNaN(value)) {
    return value > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
  }
  return value;
}

export function paramValue(run: Run, key: string): string | undefined {
  return own(run.data.params, key);
}

export function tagValue(run: Run, key: string): string | undefined {
  return own(run.data.tags, key);
}

export type AttributeKey = 'run_id' | 'run_name' | 'user_id' | 'status' | 'start_time' | 'end_time' | 'artifact_uri';

export function attributeValue(run: Run, key: string): string | number | null {
  return run.info[key as AttributeKey] ?? null;
}

/** The values a `datasets.<key>` clause is tested against: one per dataset input (or context tag). */
export function datasetValues(run: Run, key: string): string[] {
  const inputs = run.inputs?.dataset_inputs ?? [];
  if (key === 'context') {
    return inputs.flatMap((input) => input.tags.filter((tag) => tag.key === DATASET_CONTEXT_TAG).map((tag) => tag.value));
  }
  return inputs.map((input) => (key === 'name' ? input.dataset.name : input.dataset.digest));
}
