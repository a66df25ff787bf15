import type { HostToWebview, RunSummary } from '../../../../src/protocol/compare';
import { decodeSeries, type DecodedSeries } from './seriesCodec';

export type ThemeKind = 'light' | 'dark' | 'highContrast';

/** What the host has told the app so far. */
export interface CompareData {
  initialized: boolean;
  runs: readonly RunSummary[];
  metricKeys: readonly string[];
  paramKeys: readonly string[];
  theme: ThemeKind;
  /** metric key → run id → series; a key's inner map is replaced whenever one of its series changes */
  series: ReadonlyMap<string, ReadonlyMap<string, DecodedSeries>>;
  error: string | null;
}

export const emptyCompareData: CompareData = {
  initialized: false,
  runs: [],
  metricKeys: [],
  paramKeys: [],
  theme: 'dark',
  series: new Map(),
  error: null,
};

export interface AppliedMessage {
  data: CompareData;
  /** what could not be used (a malformed series), for the log; the rest of the message still applies */
  problems: string[];
}

function mergeRuns(current: readonly RunSummary[], updates: readonly RunSummary[]): RunSummary[] {
  const byId = new Map(updates.map((run) => [run.runId, run]));
  const merged = current.map((run) => {
    const update = byId.get(run.runId);
    byId.delete(run.runId);
    return update ?? run;
  });
  return merged.concat([...byId.values()]);
}

/** Parameters logged while a run trains reach the app only through run summaries. */
function withParamsOf(keys: readonly string[], runs: readonly RunSummary[]): readonly string[] {
  const known = new Set(keys);
  const added: string[] = [];
  for (const run of runs) {
    for (const key of Object.keys(run.params)) {
      if (!known.has(key)) {
        known.add(key);
        added.push(key);
      }
    }
  }
  return added.length === 0 ? keys : keys.concat(added.sort());
}

function withSeries(data: CompareData, encoded: Extract<HostToWebview, { type: 'series' }>['series']): AppliedMessage {
  const problems: string[] = [];
  const series = new Map(data.series);
  const touched = new Map<string, Map<string, DecodedSeries>>();
  for (const item of encoded) {
    let decoded: DecodedSeries;
    try {
      decoded = decodeSeries(item);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    let runs = touched.get(item.key);
    if (!runs) {
      runs = new Map(series.get(item.key));
      touched.set(item.key, runs);
      series.set(item.key, runs);
    }
    runs.set(item.runId, decoded);
  }
  return { data: { ...data, series }, problems };
}

export function applyHostMessage(data: CompareData, message: HostToWebview): AppliedMessage {
  switch (message.type) {
    case 'init':
      return {
        data: {
          initialized: true,
          runs: message.runs,
          metricKeys: message.metricKeys,
          paramKeys: withParamsOf(message.paramKeys, message.runs),
          theme: message.theme,
          series: new Map(),
          error: null,
        },
        problems: [],
      };
    case 'runs':
      return {
        data: {
          ...data,
          runs: mergeRuns(data.runs, message.runs),
          metricKeys: message.metricKeys,
          paramKeys: withParamsOf(data.paramKeys, message.runs),
        },
        problems: [],
      };
    case 'series':
      return withSeries(data, message.series);
    case 'theme':
      return { data: { ...data, theme: message.theme }, problems: [] };
    case 'error':
      return { data: { ...data, error: message.message }, problems: [] };
  }
}
