// Contract of the in-memory run search used by the file and sqlite stores. The implementation
// reproduces MLflow: the file store's Python semantics (SearchUtils.filter/sort/paginate) or the
// SQLAlchemy store's SQL semantics on sqlite, whichever store the runs came from.
import { TrackingError } from '../errors';
import type { Run, RunSearch } from '../types';
import { clauseProblem, resolveClause, type ResolvedClause } from './clauseChecks';
import { searchLikeFileStore } from './fileStoreSearch';
import { parseFilterSyntax } from './filterParser';
import { InvalidSearchError } from './searchError';
import type { SearchDialect } from './searchDialect';
import type { SearchResult } from './searchLimits';
import { searchLikeSqliteStore } from './sqliteStoreSearch';

export type { SearchDialect } from './searchDialect';
export type { SearchResult } from './searchLimits';
export { InvalidSearchError } from './searchError';
export { parseOrderBy, type OrderByClause } from './orderBy';
export type { EntityType } from './searchKeys';

/** One `<type>.<key> <comparator> <value>` of a filter, as MLflow applies it. */
export type RunFilterClause = ResolvedClause;

/**
 * Filters, orders and pages runs already loaded from a store. Throws a TrackingError with code
 * INVALID_ARGUMENT (naming `uri`) for a filter, order_by, max_results or page token MLflow rejects.
 * Experiment ids and view type are NOT applied here: the caller loads only those runs.
 */
export function searchRunsInMemory(
  runs: readonly Run[],
  search: RunSearch,
  dialect: SearchDialect,
  uri: string,
): SearchResult {
  try {
    return dialect === 'file' ? searchLikeFileStore(runs, search) : searchLikeSqliteStore(runs, search);
  } catch (error) {
    if (error instanceof InvalidSearchError) throw new TrackingError(uri, error.message, 'INVALID_ARGUMENT', { cause: error });
    throw error;
  }
}

/**
 * The clauses of a filter, with comparators upper-cased and attribute aliases (`created`,
 * `run name`) resolved. Throws InvalidSearchError, with MLflow's message, where either store
 * rejects the filter. (The file store reports a bad comparator only if some run reaches that
 * clause; this reports it always.)
 */
export function parseRunFilter(filter: string | undefined): RunFilterClause[] {
  const clauses = parseFilterSyntax(filter).map(resolveClause);
  for (const clause of clauses) {
    const problem = clauseProblem(clause);
    if (problem !== undefined) throw new InvalidSearchError(problem);
  }
  return clauses;
}

/**
 * Throws the TrackingError a tracking server backed by a SQL database would answer for this
 * search (max_results, filter, order_by, page token), without reading any run.
 */
export function validateRunSearch(search: RunSearch, uri: string): void {
  searchRunsInMemory([], search, 'sqlite', uri);
}
