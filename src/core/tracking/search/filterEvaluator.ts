// Whether a run satisfies the AND of a filter's clauses, as each store decides it.
//
// File store (SearchUtils._does_run_match_clause): Python comparisons; a missing value never
// matches; a clause's comparator is checked only when some run reaches that clause, so an invalid
// comparator after a clause no run passes is never reported.
// Sqlite store (_get_sqlalchemy_filter_clauses): SQL comparisons, checked before any run is read;
// `attributes.run_name` is matched against the `mlflow.runName` tag; NaN metrics (stored as 0
// with is_nan) satisfy only `!=`; infinities compare as ±1.7976931348623157e308.
import type { Run } from '../types';
import { clauseProblem, type ResolvedClause } from './clauseChecks';
import { type LikeMatcher, pythonLikeMatcher, sqliteLikeMatcher } from './likePatterns';
import { asciiDigits, compareCodePoints } from './pythonText';
import {
  attributeValue, datasetValues, metricValue, paramValue, RUN_NAME_TAG, tagValue,
} from './runValues';
import type { SearchDialect } from './searchDialect';
import { invalid } from './searchError';

type Operand = string | number;
type Test = (lhs: Operand) => boolean;

function order(lhs: Operand, rhs: Operand): number {
  if (typeof lhs === 'string' && typeof rhs === 'string') return compareCodePoints(lhs, rhs);
  return lhs < rhs ? -1 : lhs > rhs ? 1 : lhs === rhs ? 0 : Number.NaN;
}

/** The test `lhs <comparator> value` for the clause's value. */
function comparisonTest(clause: ResolvedClause, dialect: SearchDialect, rhs: Operand | readonly string[]): Test {
  const { comparator } = clause;
  if (comparator === 'IN' || comparator === 'NOT IN') {
    const list = rhs as readonly string[];
    return comparator === 'IN' ? (lhs) => list.includes(lhs as string) : (lhs) => !list.includes(lhs as string);
  }
  if (Array.isArray(rhs)) {
    // only the file store gets here: Python compares a str with a tuple as unequal
    if (comparator === '=') return () => false;
    if (comparator === '!=') return () => true;
    // re.escape(pattern) on a tuple
    return () => invalid('decoding to str: need a bytes-like object, tuple found');
  }
  const value = rhs as Operand;
  if (comparator === 'LIKE' || comparator === 'ILIKE') {
    const makeMatcher = dialect === 'file' ? pythonLikeMatcher : sqliteLikeMatcher;
    const matches: LikeMatcher = makeMatcher(String(value), comparator === 'ILIKE');
    return (lhs) => matches(lhs as string);
  }
  const tests: Record<string, (sign: number) => boolean> = {
    '=': (s) => s === 0, '!=': (s) => s !== 0, '<': (s) => s < 0, '<=': (s) => s <= 0, '>': (s) => s > 0, '>=': (s) => s >= 0,
  };
  // NaN orders as NaN: every test fails except `!=`, as in Python
  return (lhs) => tests[comparator](order(lhs, value));
}

function clauseTest(clause: ResolvedClause, dialect: SearchDialect): (run: Run) => boolean {
  const { type, key, comparator, value } = clause;
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') {
    const read = type === 'tag' ? tagValue : paramValue;
    return (run) => (read(run, key) === undefined) === (comparator === 'IS NULL');
  }
  if (type === 'metric') {
    const test = comparisonTest(clause, dialect, Number(asciiDigits(value as string)));
    return (run) => {
      const lhs = metricValue(run, key, dialect);
      // sqlite keeps NaN as 0 with is_nan and excludes it from all but `!=`: as Python's NaN does
      return lhs !== undefined && test(lhs);
    };
  }
  const test = comparisonTest(clause, dialect, value as Operand | readonly string[]);
  if (type === 'dataset') return (run) => datasetValues(run, key).some(test);
  const read: (run: Run) => Operand | null | undefined =
    type === 'parameter' ? (run) => paramValue(run, key)
      : type === 'tag' ? (run) => tagValue(run, key)
        : dialect === 'sqlite' && key === 'run_name' ? (run) => tagValue(run, RUN_NAME_TAG)
          : (run) => attributeValue(run, key);
  return (run) => {
    const lhs = read(run);
    return lhs !== undefined && lhs !== null && test(lhs);
  };
}

/**
 * A predicate for the runs that pass every clause. For the sqlite dialect the caller has already
 * checked the clauses; for the file dialect an invalid clause throws when first reached.
 */
export function runFilter(clauses: readonly ResolvedClause[], dialect: SearchDialect): (run: Run) => boolean {
  const steps = clauses.map((clause) => ({
    problem: dialect === 'file' ? clauseProblem(clause) : undefined,
    test: clauseProblem(clause) === undefined ? clauseTest(clause, dialect) : undefined,
  }));
  return (run) =>
    steps.every(({ problem, test }) => {
      if (problem !== undefined) invalid(problem);
      return test!(run);
    });
}
