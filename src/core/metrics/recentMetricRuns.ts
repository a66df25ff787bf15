import { TrackingError } from '../tracking/errors';
import type { Run, StoreProblem, TrackingStore } from '../tracking/types';

export interface RecentMetricRuns {
  /** newest first, each with `key` among its metrics */
  runs: Run[];
  problems: StoreProblem[];
}

const NEWEST_FIRST = ['attributes.start_time DESC'];
/** how many runs are read when the store cannot filter on the metric */
const UNFILTERED_RUNS = 1000;

// MLflow has no "metric exists" filter, so presence is asked as `metrics.key != SENTINEL`. `!=`
// is the only comparison that a NaN latest value passes in every store (SQL stores keep NaN as 0
// with an is_nan flag; the file store compares Python floats, where NaN != x), and infinities
// (±1.7976931348623157e308 in SQL) differ from it too. A range test such as `> -1e308` would drop
// runs whose metric diverged to NaN or -inf: the very runs worth seeing. The only runs missed are
// those whose latest value is exactly the sentinel, a number no training logs.
const SENTINEL = '1.2345678901234567e-300';

/** The filter that keeps runs which logged `key`, or undefined if MLflow's syntax cannot name it. */
export function metricPresenceFilter(key: string): string | undefined {
  // a backquoted key cannot hold a backquote, and MLflow forbids them in metric names anyway
  if (key.includes('`')) return undefined;
  return `metrics.\`${key}\` != ${SENTINEL}`;
}

/**
 * The `count` newest runs (by start time) of the store's active experiments that logged `key`.
 * One filtered search; a store that rejects the filter is searched unfiltered and the runs are
 * picked here.
 */
export async function recentRunsWithMetric(store: TrackingStore, key: string, count: number, signal?: AbortSignal): Promise<RecentMetricRuns> {
  const filter = metricPresenceFilter(key);
  if (filter !== undefined) {
    try {
      const page = await store.searchRuns({ experimentIds: [], filter, orderBy: NEWEST_FIRST, maxResults: count, view: 'active' }, signal);
      return { runs: page.runs, problems: page.problems };
    } catch (error) {
      if (!(error instanceof TrackingError && error.code === 'INVALID_ARGUMENT')) throw error;
    }
  }
  const page = await store.searchRuns({ experimentIds: [], orderBy: NEWEST_FIRST, maxResults: UNFILTERED_RUNS, view: 'active' }, signal);
  return { runs: page.runs.filter((run) => key in run.data.metrics).slice(0, count), problems: page.problems };
}

/** The newest run of the store's active experiments that is training now. */
export async function newestRunningRun(store: TrackingStore, signal?: AbortSignal): Promise<Run | undefined> {
  const page = await store.searchRuns(
    { experimentIds: [], filter: "attributes.status = 'RUNNING'", orderBy: NEWEST_FIRST, maxResults: 1, view: 'active' },
    signal,
  );
  return page.runs[0];
}
