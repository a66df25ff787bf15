// Typed access to the fields of a meta.yaml mapping, failing the way MLflow's entity
// constructors do when a required field is missing.
import type { YamlMap, YamlValue } from './metaYaml';

export class FieldError extends Error {}

function present(meta: YamlMap, key: string): YamlValue {
  const value = meta[key];
  if (value === undefined || value === null) throw new FieldError(`missing field '${key}'`);
  return value;
}

function scalarText(key: string, value: YamlValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new FieldError(`field '${key}' is not a scalar`);
}

/** A required string; YAML numbers and bools come back as their text, as MLflow would show them. */
export function asString(meta: YamlMap, key: string): string {
  return scalarText(key, present(meta, key));
}

export function asOptionalString(meta: YamlMap, key: string): string | null {
  const value = meta[key];
  if (value === undefined || value === null) return null;
  return scalarText(key, value);
}

/** An id MLflow stores as a string but once stored as an int (kept exact beyond 2^53). */
export function asId(meta: YamlMap, key: string): string {
  const value = present(meta, key);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new FieldError(`field '${key}' is not an id`);
}

export function asNumber(meta: YamlMap, key: string): number {
  const value = present(meta, key);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new FieldError(`field '${key}' is not a number`);
}

export function asOptionalNumber(meta: YamlMap, key: string): number | null {
  const value = meta[key];
  if (value === undefined || value === null) return null;
  return asNumber(meta, key);
}

/** A `key: value` mapping of strings (input tags), or {} where MLflow wrote `{}`. */
export function asStringMap(meta: YamlMap, key: string): Record<string, string> {
  const value = meta[key];
  if (value === undefined || value === null) throw new FieldError(`missing field '${key}'`);
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    throw new FieldError(`field '${key}' is not a mapping`);
  }
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) out[name] = scalarText(`${key}.${name}`, item);
  return out;
}
