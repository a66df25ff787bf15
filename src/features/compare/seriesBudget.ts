/** points in one chart, over all its runs: what a canvas chart draws smoothly and a message carries in a few MB */
export const CHART_POINT_BUDGET = 100_000;
/** a series never needs more points than a wide chart has pixels, twice over (low and high of each column) */
export const MAX_SERIES_POINTS = 2000;

/**
 * How many points each run's series of a chart may have, so that a chart of `runCount` runs stays
 * within CHART_POINT_BUDGET: 2000 for up to 50 runs, 1000 for 100, 500 for 200.
 */
export function seriesPointBudget(runCount: number): number {
  return Math.max(2, Math.min(MAX_SERIES_POINTS, Math.floor(CHART_POINT_BUDGET / Math.max(1, runCount))));
}
