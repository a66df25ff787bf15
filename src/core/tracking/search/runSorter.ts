// The order of search results. Both stores sort by each order_by clause in turn, then start_time
// descending, then run id; a missing value sorts last in either direction and a NaN metric just
// before the missing ones. The file store gets there with Python's stable sorts (one per clause,
// last clause first); the sqlite store with ORDER BY over CASE columns, where infinities are
// ±1.7976931348623157e308.
import type { Run } from '../types';
import type { OrderByClause } from './orderBy';
import { compareCodePoints } from './pythonText';
import { attributeValue, metricValue, paramValue, tagValue } from './runValues';
import { translateKeyAlias } from './searchKeys';
import type { SearchDialect } from './searchDialect';

type Value = string | number | null | undefined;

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sqlite's order: NULL before anything else. */
function compareNullable(a: Value, b: Value): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  return compareValues(a, b);
}

function sortValue(run: Run, clause: OrderByClause, dialect: SearchDialect): Value {
  const key = translateKeyAlias(clause.key);
  if (clause.type === 'metric') return metricValue(run, key, dialect);
  if (clause.type === 'parameter') return paramValue(run, key);
  if (clause.type === 'tag') return tagValue(run, key);
  return attributeValue(run, key);
}

/** The default order: start_time descending, then run id. */
function byStartTimeThenRunId(a: Run, b: Run): number {
  return -compareNullable(a.info.start_time, b.info.start_time) || compareCodePoints(a.info.run_id, b.info.run_id);
}

/** SearchUtils._get_value_for_sort: (is missing or NaN, value), with ±inf standing in. */
function pythonSortKey(value: Value, ascending: boolean): [boolean, string | number] {
  const isNone = value === null || value === undefined;
  const isNan = typeof value === 'number' && Number.isNaN(value);
  const fill = ascending ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  const sortable = isNone ? fill : isNan ? -fill : (value as string | number);
  return [ascending ? isNone || isNan : !(isNone || isNan), sortable];
}

function compareKeys(a: [boolean, string | number], b: [boolean, string | number]): number {
  if (a[0] !== b[0]) return a[0] ? 1 : -1;
  return compareValues(a[1], b[1]);
}

export function sortLikeFileStore(runs: readonly Run[], clauses: readonly OrderByClause[]): Run[] {
  let sorted = [...runs].sort(byStartTimeThenRunId);
  for (const clause of [...clauses].reverse()) {
    const keys = new Map(sorted.map((run) => [run, pythonSortKey(sortValue(run, clause, 'file'), clause.ascending)]));
    // Array.prototype.sort is stable, and so is Python's sorted(reverse=True)
    sorted = sorted.sort((a, b) =>
      clause.ascending ? compareKeys(keys.get(a)!, keys.get(b)!) : compareKeys(keys.get(b)!, keys.get(a)!),
    );
  }
  return sorted;
}

/** The CASE column MLflow sorts on first: 0 for a value, 1 for NaN, 2 (1 if not a metric) for missing. */
function sqliteCase(run: Run, clause: OrderByClause): number {
  const value = sortValue(run, clause, 'sqlite');
  if (value === null || value === undefined) return clause.type === 'metric' ? 2 : 1;
  return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}

export function sortLikeSqliteStore(runs: readonly Run[], clauses: readonly OrderByClause[]): Run[] {
  const columns = clauses.map((clause) => (run: Run): [number, Value] => {
    const value = sortValue(run, clause, 'sqlite');
    return [sqliteCase(run, clause), typeof value === 'number' && Number.isNaN(value) ? 0 : value];
  });
  const rows = new Map(runs.map((run) => [run, columns.map((column) => column(run))]));
  return [...runs].sort((a, b) => {
    const rowA = rows.get(a)!;
    const rowB = rows.get(b)!;
    for (let i = 0; i < clauses.length; i++) {
      const byCase = rowA[i][0] - rowB[i][0];
      if (byCase !== 0) return byCase;
      const byValue = compareNullable(rowA[i][1], rowB[i][1]);
      if (byValue !== 0) return clauses[i].ascending ? byValue : -byValue;
    }
    // MLflow leaves out the start_time tie-break when ordering by start_time; it could not break a tie then
    return byStartTimeThenRunId(a, b);
  });
}
