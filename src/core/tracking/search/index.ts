// Contract of the in-memory run search used by the file and sqlite stores. The implementation
// reproduces MLflow: the file store's Python semantics (SearchUtils.filter/sort/paginate) or the
// SQLAlchemy store's SQL semantics on sqlite, whichever store the runs came from.
import type { Run, RunSearch } from '../types';

export type SearchDialect = 'file' | 'sqlite';

export interface SearchResult {
  runs: Run[];
  nextPageToken: string | null;
}

/**
 * Filters, orders and pages runs already loaded from a store. Throws a TrackingError with code
 * INVALID_ARGUMENT (naming `uri`) for a filter, order_by, max_results or page token MLflow rejects.
 * Experiment ids and view type are NOT applied here: the caller loads only those runs.
 */
export declare function searchRunsInMemory(
  runs: readonly Run[],
  search: RunSearch,
  dialect: SearchDialect,
  uri: string,
): SearchResult;
