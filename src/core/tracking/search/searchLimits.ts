import type { Run } from '../types';
import { invalid } from './searchError';

export interface SearchResult {
  runs: Run[];
  nextPageToken: string | null;
}

/** MLflow's SEARCH_MAX_RESULTS_DEFAULT: what its client asks for when not told. */
export const DEFAULT_MAX_RESULTS = 1000;
/** MLflow's SEARCH_MAX_RESULTS_THRESHOLD */
export const MAX_RESULTS_THRESHOLD = 50000;

export function requireIntegerMaxResults(maxResults: number): number {
  if (!Number.isInteger(maxResults)) {
    invalid(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer`);
  }
  return maxResults;
}
