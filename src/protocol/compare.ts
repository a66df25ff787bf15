// Messages between the Compare panel's host (src/features/compare/) and its React app
// (webview-ui/src/compare/). Both sides import this module; it imports nothing.
// Webview messages travel as JSON: numbers that JSON cannot carry (NaN, ±Infinity) are sent as
// the strings MLflow uses, and series travel as base64 typed arrays (see EncodedSeries).

export type NonFinite = 'NaN' | 'Infinity' | '-Infinity';
export type MetricNumber = number | NonFinite;

export type XAxisMode = 'step' | 'wallTime' | 'relativeTime';

export interface RunSummary {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
  status: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  startTime: number | null;
  endTime: number | null;
  /** index into the palette; the same run keeps its colour in every chart and table */
  colorIndex: number;
  params: Record<string, string>;
  /** latest value of each metric */
  metrics: Record<string, MetricNumber>;
  /** over the whole history, not the points sent */
  metricStats: Record<string, { min: MetricNumber; max: MetricNumber }>;
  gitCommit: string | null;
  datasets: string[];
}

/**
 * One metric of one run, reduced by the host (first, last and extremes kept) to at most a couple
 * of thousand points. Arrays are little-endian typed arrays in base64: steps and timestamps
 * Float64, values Float32 with NaN/±Infinity kept as such.
 */
export interface EncodedSeries {
  runId: string;
  key: string;
  steps: string;
  timestamps: string;
  values: string;
  /** points in the run's full history, before reduction */
  totalPoints: number;
}

export interface ComparePanelState {
  runIds: string[];
  /** URI of the workspace folder whose tracking store holds the runs */
  folder?: string;
}

export type HostToWebview =
  /** the first message after `ready`: what is compared */
  | {
      type: 'init';
      runs: RunSummary[];
      metricKeys: string[];
      paramKeys: string[];
      theme: 'light' | 'dark' | 'highContrast';
      /** keep this with setState (beside the app's own view state): the panel is restored from it after a reload */
      panelState?: ComparePanelState;
    }
  /** runs whose summary changed (live training), keyed by runId */
  | { type: 'runs'; runs: RunSummary[]; metricKeys: string[] }
  /** series keyed by (runId, key): each replaces any series already held for that key */
  | {
      type: 'series';
      series: EncodedSeries[];
      /** series of the answered requestSeries still being read; 0 in the last batch of a request */
      pending?: number;
    }
  | { type: 'theme'; theme: 'light' | 'dark' | 'highContrast' }
  | { type: 'error'; message: string };

/** The charts a page shows first, told with `ready` so their series need no request of their own. */
export interface FirstCharts {
  /** the metrics the user chose to chart, in order; null: the host's metricKeys, in order */
  metricKeys: string[] | null;
  /** how many of them the page shows first */
  count: number;
}

export type WebviewToHost =
  /** `firstCharts`: the host answers them as a requestSeries right after `init` */
  | { type: 'ready'; firstCharts?: FirstCharts }
  /** the app needs these metrics' histories (charts that became visible) */
  | { type: 'requestSeries'; keys: string[] }
  /** `runs` (the default): one row per run; `histories`: every point of the metrics' histories, one row per point */
  | { type: 'exportCsv'; metricKeys: string[]; paramKeys: string[]; kind?: 'runs' | 'histories' }
  | { type: 'savePng'; fileName: string; pngBase64: string }
  /**
   * the first chart has been drawn; milliseconds since the page started. `marks`: when each step
   * of the start happened on the same clock (script loaded, app started, ready, init, ...)
   */
  | { type: 'firstPaint'; sinceStartMs: number; marks?: Record<string, number> }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };
