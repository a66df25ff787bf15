// SqlAlchemyStore._search_runs on sqlite. Everything is checked before any row is read, in the
// store's order: max_results, filter syntax, order_by, comparators, page token, then what sqlite3
// cannot bind. Rows come back through LIMIT max_results + 1 OFFSET offset.
import type { Run, RunSearch } from '../types';
import { clauseProblem, isOutsideInt64, resolveClause, SQLITE_INTEGER_OVERFLOW, sqliteBindingProblem } from './clauseChecks';
import { runFilter } from './filterEvaluator';
import { parseFilterSyntax } from './filterParser';
import { type OrderByClause, parseOrderBy } from './orderBy';
import { createPageToken, parsePageToken } from './pageToken';
import { pyListRepr } from './pythonText';
import { sortLikeSqliteStore } from './runSorter';
import { translateKeyAlias } from './searchKeys';
import { invalid } from './searchError';
import { DEFAULT_MAX_RESULTS, MAX_RESULTS_THRESHOLD, requireIntegerMaxResults, type SearchResult } from './searchLimits';

/** _get_orderby_clauses: datasets cannot be sorted on, and no key may appear twice. */
function sqliteOrderBy(orderBy: readonly string[]): OrderByClause[] {
  const seen = new Set<string>();
  return orderBy.map((text) => {
    const clause = parseOrderBy(text);
    if (clause.type === 'dataset') invalid("Invalid identifier type 'dataset'");
    const identity = `${clause.type}.${translateKeyAlias(clause.key)}`;
    if (seen.has(identity)) invalid(`\`order_by\` contains duplicate fields: ${pyListRepr(orderBy)}`);
    seen.add(identity);
    return clause;
  });
}

function checkMaxResults(maxResults: number): void {
  const prefix = `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be`;
  if (maxResults < 1) invalid(`${prefix} a positive integer`);
  if (maxResults > MAX_RESULTS_THRESHOLD) invalid(`${prefix} at most ${MAX_RESULTS_THRESHOLD}`);
}

export function searchLikeSqliteStore(runs: readonly Run[], search: RunSearch): SearchResult {
  const maxResults = requireIntegerMaxResults(search.maxResults ?? DEFAULT_MAX_RESULTS);
  checkMaxResults(maxResults);
  const clauses = parseFilterSyntax(search.filter).map(resolveClause);
  const orderBy = sqliteOrderBy(search.orderBy ?? []);
  for (const clause of clauses) {
    const problem = clauseProblem(clause);
    if (problem !== undefined) invalid(problem);
  }
  const offset = parsePageToken(search.pageToken);
  for (const clause of clauses) {
    const problem = sqliteBindingProblem(clause);
    if (problem !== undefined) invalid(problem);
  }
  if (isOutsideInt64(BigInt(offset))) invalid(SQLITE_INTEGER_OVERFLOW);

  const sorted = sortLikeSqliteStore(runs.filter(runFilter(clauses, 'sqlite')), orderBy);
  // sqlite reads a negative OFFSET as 0; the next token still counts from the given one
  const from = Math.max(0, offset);
  const rows = sorted.slice(from, from + maxResults + 1);
  const hasMore = rows.length === maxResults + 1;
  return { runs: rows.slice(0, maxResults), nextPageToken: hasMore ? createPageToken(offset + maxResults) : null };
}
