// What MLflow rejects once a parsed clause is applied. Both stores check the comparator against
// the key (SearchUtils.is_metric, is_param, ...). The sqlite store also fails when sqlite3 cannot
// bind the value: an IN list used with another comparator, or an integer outside 64 bits.
import type { ClauseValue, ParsedClause } from './filterParser';
import { asciiDigits } from './pythonText';
import { comparatorProblem, translateKeyAlias } from './searchKeys';

/** A clause with MLflow's normalisations applied: upper-case comparator, attribute aliases resolved. */
export interface ResolvedClause {
  type: ParsedClause['type'];
  key: string;
  comparator: string;
  value: ClauseValue;
  valueText: string;
}

export function resolveClause(clause: ParsedClause): ResolvedClause {
  return { ...clause, key: translateKeyAlias(clause.key), comparator: clause.comparator.toUpperCase() };
}

export function clauseProblem(clause: ResolvedClause): string | undefined {
  return comparatorProblem(clause.type, clause.key, clause.comparator);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function isOutsideInt64(value: bigint): boolean {
  return value < INT64_MIN || value > INT64_MAX;
}

export const SQLITE_INTEGER_OVERFLOW = 'Python int too large to convert to SQLite INTEGER';

/** Why the sqlite store's query cannot be executed with this clause, or undefined. */
export function sqliteBindingProblem(clause: ResolvedClause): string | undefined {
  if (Array.isArray(clause.value) && clause.comparator !== 'IN' && clause.comparator !== 'NOT IN') {
    return "(sqlite3.ProgrammingError) Error binding parameter: type 'tuple' is not supported";
  }
  const integer = asciiDigits(clause.valueText);
  if (clause.type === 'attribute' && /^-?\d+$/.test(integer) && isOutsideInt64(BigInt(integer))) {
    return SQLITE_INTEGER_OVERFLOW;
  }
  return undefined;
}
