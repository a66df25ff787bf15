import type { ComparePanelState, XAxisMode } from '../../../../src/protocol/compare';
import { clampSmoothingWeight } from './smoothing';

export const compareTabs = ['charts', 'params', 'metrics', 'runs', 'parallel', 'scatter'] as const;
export type CompareTab = (typeof compareTabs)[number];

export const xAxisModes: readonly XAxisMode[] = ['step', 'wallTime', 'relativeTime'];

/** Where a scatter axis or parallel-coordinates axis takes its values from. */
export interface ValueSource {
  kind: 'param' | 'metric';
  key: string;
}

export interface MetricSort {
  column: string;
  descending: boolean;
}

/**
 * Everything the user chose, kept with vscode.setState so a reload or a restored panel shows the
 * same view. `runIds` is what the host's panel serializer reopens the comparison with.
 */
export interface CompareViewState extends ComparePanelState {
  tab: CompareTab;
  /** null: the default choice, which follows the metrics the host reports */
  selectedMetrics: string[] | null;
  xAxis: XAxisMode;
  smoothing: number;
  logScale: boolean;
  ignoreOutliers: boolean;
  hiddenRuns: string[];
  differencesOnly: boolean;
  /** null: the default choice of parameters that differ */
  parallelParams: string[] | null;
  parallelMetric: string | null;
  scatterX: ValueSource | null;
  scatterY: string | null;
}

export const defaultViewState: CompareViewState = {
  runIds: [],
  tab: 'charts',
  selectedMetrics: null,
  xAxis: 'step',
  smoothing: 0,
  logScale: false,
  ignoreOutliers: false,
  hiddenRuns: [],
  differencesOnly: false,
  parallelParams: null,
  parallelMetric: null,
  scatterX: null,
  scatterY: null,
};

type Loose = Record<string, unknown>;

const isRecord = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined);
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined => allowed.find((a) => a === v);

function valueSource(v: unknown): ValueSource | null {
  if (!isRecord(v) || typeof v.key !== 'string') return null;
  const kind = oneOf(v.kind, ['param', 'metric'] as const);
  return kind ? { kind, key: v.key } : null;
}

/** Whatever getState() returns (older versions, another panel's shape, nothing) made safe to use. */
export function restoreViewState(saved: unknown): CompareViewState {
  if (!isRecord(saved)) return { ...defaultViewState };
  const d = defaultViewState;
  return {
    runIds: strings(saved.runIds) ?? d.runIds,
    tab: oneOf(saved.tab, compareTabs) ?? d.tab,
    selectedMetrics: saved.selectedMetrics === null ? null : (strings(saved.selectedMetrics) ?? d.selectedMetrics),
    xAxis: oneOf(saved.xAxis, xAxisModes) ?? d.xAxis,
    smoothing: typeof saved.smoothing === 'number' ? clampSmoothingWeight(saved.smoothing) : d.smoothing,
    logScale: typeof saved.logScale === 'boolean' ? saved.logScale : d.logScale,
    ignoreOutliers: typeof saved.ignoreOutliers === 'boolean' ? saved.ignoreOutliers : d.ignoreOutliers,
    hiddenRuns: strings(saved.hiddenRuns) ?? d.hiddenRuns,
    differencesOnly: typeof saved.differencesOnly === 'boolean' ? saved.differencesOnly : d.differencesOnly,
    parallelParams: saved.parallelParams === null ? null : (strings(saved.parallelParams) ?? d.parallelParams),
    parallelMetric: typeof saved.parallelMetric === 'string' ? saved.parallelMetric : d.parallelMetric,
    scatterX: valueSource(saved.scatterX),
    scatterY: typeof saved.scatterY === 'string' ? saved.scatterY : d.scatterY,
  };
}

/** The metrics charted when the user has not chosen: the first dozen, enough to fill a screen or two. */
export function effectiveMetrics(selected: string[] | null, available: readonly string[]): string[] {
  if (selected === null) return available.slice(0, 12);
  const present = new Set(available);
  return selected.filter((key) => present.has(key));
}
