import type { FirstCharts } from '../../../../src/protocol/compare';
import { effectiveMetrics, restoreViewState } from './viewState';

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
