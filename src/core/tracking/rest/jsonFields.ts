// Readers for the JSON MLflow's server writes (protobuf's JSON mapping via MessageToDict):
// unset fields are absent, int64 fields are numbers, enums are names and repeated fields that
// are empty are absent. Each reader throws a TypeError naming the field, so one malformed item
// can be reported and skipped.
import { parseMlflowNumber } from '../mlflowJson';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectField(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new TypeError(`"${key}" is not an object`);
  return value;
}

export function arrayField(parent: JsonObject, key: string): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`"${key}" is not a list`);
  return value;
}

export function objectsField(parent: JsonObject, key: string): JsonObject[] {
  return arrayField(parent, key).map((item, index) => {
    if (!isObject(item)) throw new TypeError(`"${key}[${index}]" is not an object`);
    return item;
  });
}

/** A string field that may be absent: absent reads as null, like MLflow's HasField checks. */
export function optionalString(parent: JsonObject, key: string): string | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new TypeError(`"${key}" is not a string: ${JSON.stringify(value)}`);
  return value;
}

/** A string field protobuf leaves out when empty. */
export function stringField(parent: JsonObject, key: string): string {
  return optionalString(parent, key) ?? '';
}

export function requiredString(parent: JsonObject, key: string): string {
  const value = optionalString(parent, key);
  if (value === null || value === '') throw new TypeError(`"${key}" is missing`);
  return value;
}

/** Ids and versions are strings in our shapes; some servers write them as numbers. */
export function idString(parent: JsonObject, key: string): string {
  const value = parent[key];
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return requiredString(parent, key);
}

/** Epoch milliseconds; MLflow treats an unset (0) timestamp as absent. */
export function optionalTime(parent: JsonObject, key: string): number | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  const time = integer(value, key);
  return time === 0 ? null : time;
}

export function integerField(parent: JsonObject, key: string): number {
  const value = parent[key];
  if (value === undefined || value === null) return 0;
  return integer(value, key);
}

function integer(value: unknown, key: string): number {
  // int64 values may arrive as strings from servers that keep protobuf's default mapping.
  const parsed = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isInteger(parsed)) {
    throw new TypeError(`"${key}" is not an integer: ${JSON.stringify(value)}`);
  }
  return parsed;
}

export function numberField(parent: JsonObject, key: string): number {
  try {
    return parseMlflowNumber(parent[key] ?? 0);
  } catch {
    throw new TypeError(`"${key}" is not a number: ${JSON.stringify(parent[key])}`);
  }
}

/** `[{key, value}]` as an object; a later duplicate wins, as in MLflow's entities. */
export function keyValueMap(parent: JsonObject, field: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of objectsField(parent, field)) {
    map[requiredString(entry, 'key')] = stringField(entry, 'value');
  }
  return map;
}
