// FileStore._search_runs: SearchUtils.filter, then sort, then paginate, in Python. Problems with
// a clause surface only when a run reaches it, and page tokens are Python slice offsets, so a
// max_results of 0 or a negative offset is accepted.
import type { Run, RunSearch } from '../types';
import { resolveClause } from './clauseChecks';
import { runFilter } from './filterEvaluator';
import { parseFilterSyntax } from './filterParser';
import { type OrderByClause, parseOrderBy } from './orderBy';
import { createPageToken, parsePageToken } from './pageToken';
import { sortLikeFileStore } from './runSorter';
import { invalid } from './searchError';
import { DEFAULT_MAX_RESULTS, MAX_RESULTS_THRESHOLD, requireIntegerMaxResults, type SearchResult } from './searchLimits';

export function searchLikeFileStore(runs: readonly Run[], search: RunSearch): SearchResult {
  const maxResults = requireIntegerMaxResults(search.maxResults ?? DEFAULT_MAX_RESULTS);
  if (maxResults > MAX_RESULTS_THRESHOLD) {
    invalid(
      'Invalid value for request parameter max_results. It must be at most ' +
        `${MAX_RESULTS_THRESHOLD}, but got value ${maxResults}`,
    );
  }
  const clauses = parseFilterSyntax(search.filter).map(resolveClause);
  const filtered = runs.filter(runFilter(clauses, 'file'));

  const orderBy: OrderByClause[] = [];
  for (const text of [...(search.orderBy ?? [])].reverse()) {
    const clause = parseOrderBy(text);
    // Python computes a sort key per run, and only that fails for datasets
    if (clause.type === 'dataset' && filtered.length > 0) invalid("Invalid order_by entity type 'dataset'");
    orderBy.unshift(clause);
  }
  const sorted = sortLikeFileStore(filtered, orderBy);

  const start = parsePageToken(search.pageToken);
  const end = start + maxResults;
  // Array.prototype.slice treats negative bounds as Python slicing does
  const page = sorted.slice(start, end);
  return { runs: page, nextPageToken: end < sorted.length ? createPageToken(end) : null };
}
