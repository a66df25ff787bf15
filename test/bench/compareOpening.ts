// What one opening of the Compare panel measured: written by the bench's host side (host/compareIndex.ts), read by compareBench.ts.

/** The steps of the page's start the app reports with its first paint (ms since the page started). */
export const PAGE_STEPS = ['documentRequested', 'scriptRequested', 'scriptLoaded', 'appStart', 'ready', 'init', 'requestSeries', 'series'] as const;
export type PageStep = (typeof PAGE_STEPS)[number];

export interface Opening extends Record<`page_${PageStep}_ms`, number> {
  /** the app's own figure: from its page's start to the first chart (VS Code's webview set-up excluded) */
  page_first_paint_ms: number;
  /** from the command to the page's start: the first paint less the page's own figure */
  page_start_ms: number;
  /** from the command to the app's ready message (the webview loaded and started) */
  ready_ms: number;
  /** from the command to init posted (the app said ready, the runs were read) */
  init_ms: number;
  /** from the command to the app's first requestSeries */
  request_ms: number;
  /** from the command to the first series posted */
  first_series_ms: number;
  /** from the command to the app's first chart with data (the panel's own figure) */
  first_paint_ms: number;
  /** JSON bytes posted to the webview until the host learnt of the first paint */
  bytes_to_first_paint: number;
  /** from the command to the last series batch of the chart posted */
  chart_posted_ms: number;
  /** JSON bytes posted until then: init, every run's series of the chart, stats */
  chart_bytes: number;
  /** from the command until the workbench had taken delivery of all of it */
  chart_delivered_ms: number;
  series_posted: number;
  points_posted: number;
}
