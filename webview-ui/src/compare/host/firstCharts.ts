import type { FirstCharts } from '../../../../src/protocol/compare';
import { effectiveMetrics, restoreViewState } from '../logic/viewState';
import type { CompareStore } from './compareStore';
import type { SeriesRequests } from './seriesRequests';

/** a chart card's least width and the grid's gap (compare.css) */
const CARD_MIN_WIDTH = 460 + 16;
/** the charts whose histories the host reads while the page loads */
export const MOST_FIRST_CHARTS = 2;

/** How many charts the first row of the grid holds in a page this wide. */
export function firstRowCharts(pageWidth: number): number {
  return Math.max(1, Math.min(MOST_FIRST_CHARTS, Math.floor(pageWidth / CARD_MIN_WIDTH)));
}

/** The charts this page will show first (none when it opens on another tab), from its saved view and width. */
export function firstChartsOfPage(savedState: unknown, pageWidth: number): FirstCharts | undefined {
  const view = restoreViewState(savedState);
  return view.tab === 'charts' ? { metricKeys: view.selectedMetrics, count: firstRowCharts(pageWidth) } : undefined;
}

/** The metrics of those charts once the host has said which metrics there are (as the host works them out). */
export function firstChartKeys(firstCharts: FirstCharts, metricKeys: readonly string[]): string[] {
  return effectiveMetrics(firstCharts.metricKeys, metricKeys).slice(0, firstCharts.count);
}

/**
 * The first charts are told to the host with `ready`, so their series come right after `init`
 * instead of after a first render, layout and intersection check, and a request of their own; the
 * host has been reading them since the command. They count as asked for with each `init`.
 */
export function firstChartsAsked(store: CompareStore, requests: SeriesRequests, firstCharts: FirstCharts | undefined): void {
  if (!firstCharts) return;
  let epoch = store.epoch;
  store.subscribe(() => {
    if (store.epoch === epoch) return;
    epoch = store.epoch;
    requests.askedAlready(firstChartKeys(firstCharts, store.snapshot().metricKeys), epoch);
  });
}
