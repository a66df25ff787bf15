import type { ColumnType } from './previewTypes';

// The values pandas reads as missing by default.
const missingTokens = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'null', 'NULL', 'None', '#N/A', '<NA>']);
const floatTokens = new Set(['inf', '-inf', '+inf', 'Inf', '-Inf', 'Infinity', '-Infinity', 'INF', '-INF']);

// Leading zeros make an identifier (ZIP code, account number), not a quantity.
const integerPattern = /^[+-]?(0|[1-9]\d*)$/;
const floatPattern = /^[+-]?((0|[1-9]\d*)(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const booleanPattern = /^(true|false|True|False|TRUE|FALSE)$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

type Kind = 'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'string';

/** The narrowest type every non-missing value of a text column fits. */
export function inferTextColumnType(values: Iterable<string>): ColumnType {
  let result: Kind | undefined;
  for (const raw of values) {
    const value = raw.trim();
    if (missingTokens.has(value)) continue;
    result = widen(result, kindOf(value));
    if (result === 'string') return result;
  }
  return result ?? 'empty';
}

/** The same for JSON values: JSON's own types first, dates recognised inside strings. */
export function inferJsonColumnType(values: Iterable<unknown>): ColumnType {
  let result: ColumnType | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    let kind: ColumnType;
    if (typeof value === 'boolean') kind = 'boolean';
    else if (typeof value === 'number') kind = Number.isInteger(value) ? 'integer' : 'float';
    else if (typeof value === 'string') kind = isDate(value) ? 'date' : isDateTime(value) ? 'datetime' : 'string';
    else kind = Array.isArray(value) ? 'array' : 'object';
    if (result === undefined) result = kind;
    else if (result !== kind) result = widenJson(result, kind);
  }
  return result ?? 'empty';
}

function kindOf(value: string): Kind {
  if (integerPattern.test(value)) return 'integer';
  if (floatPattern.test(value) || floatTokens.has(value)) return 'float';
  if (booleanPattern.test(value)) return 'boolean';
  if (isDate(value)) return 'date';
  if (isDateTime(value)) return 'datetime';
  return 'string';
}

function widen(current: Kind | undefined, next: Kind): Kind {
  if (current === undefined || current === next) return next;
  const pair = new Set([current, next]);
  if (pair.has('integer') && pair.has('float')) return 'float';
  if (pair.has('date') && pair.has('datetime')) return 'datetime';
  return 'string';
}

function widenJson(current: ColumnType, next: ColumnType): ColumnType {
  const pair = new Set([current, next]);
  if (pair.size === 2 && pair.has('integer') && pair.has('float')) return 'float';
  if (pair.size === 2 && pair.has('date') && pair.has('datetime')) return 'datetime';
  return 'string';
}

function isDate(value: string): boolean {
  const match = datePattern.exec(value);
  return match !== null && validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isDateTime(value: string): boolean {
  const match = dateTimePattern.exec(value);
  if (match === null || !validDate(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
  return Number(match[4]) < 24 && Number(match[5]) < 60 && (match[7] === undefined || Number(match[7]) < 61);
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
