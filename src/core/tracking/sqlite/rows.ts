import { restoreInfinity } from '../mlflowJson';
import type { SqlValue, Table } from '../../sqlite';

/** Column positions looked up once per table; -1 for a column an older MLflow schema lacks. */
export function columnPositions<K extends string>(table: Table, names: readonly K[]): Record<K, number> {
  const positions = {} as Record<K, number>;
  for (const name of names) positions[name] = table.columnIndex(name);
  return positions;
}

export function text(row: SqlValue[], position: number): string | null {
  if (position < 0) return null;
  const value = row[position];
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

export function textOr(row: SqlValue[], position: number, fallback: string): string {
  return text(row, position) ?? fallback;
}

export function num(row: SqlValue[], position: number): number | null {
  if (position < 0) return null;
  const value = row[position];
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

/** Ids are INTEGER in sqlite but strings everywhere in MLflow's API. */
export function idText(row: SqlValue[], position: number): string {
  const value = position < 0 ? null : row[position];
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

// MLflow stores NaN as 0 with is_nan = 1, and ±Infinity as ±DBL_MAX.
export function metricValue(value: number | null, isNan: number | null): number {
  if (isNan || value === null) return Number.NaN;
  return restoreInfinity(value);
}
