import { useCallback, useMemo, useState } from 'react';
import { Dropdown } from '../../components/toolkit';
import type { ChartTheme } from '../charts/chartTheme';
import { useCompareData, useView } from '../compareContext';
import { RunLegend } from '../legend/RunLegend';
import { differingParamKeys } from '../logic/paramDiff';
import { effectiveMetrics, type ValueSource } from '../logic/viewState';
import { decodeSource, encodeSource } from './scatterModel';
import { ScatterPlot } from './ScatterPlot';

/** Any parameter or metric against any metric, one point per shown run. */
export function ScatterTab({ theme }: { theme: ChartTheme }) {
  const data = useCompareData();
  const { view, updateView } = useView();
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const setHiddenRuns = useCallback((hiddenRuns: string[]) => updateView({ hiddenRuns }), [updateView]);
  const hidden = useMemo(() => new Set(view.hiddenRuns), [view.hiddenRuns]);
  const charted = effectiveMetrics(view.selectedMetrics, data.metricKeys);
  const yMetric = view.scatterY !== null && data.metricKeys.includes(view.scatterY) ? view.scatterY : (charted[0] ?? data.metricKeys[0]);
  const known = (s: ValueSource | null): s is ValueSource =>
    s !== null && (s.kind === 'param' ? data.paramKeys.includes(s.key) : data.metricKeys.includes(s.key));
  const firstParam = differingParamKeys(data.runs, data.paramKeys)[0] ?? data.paramKeys[0];
  const x: ValueSource | undefined = known(view.scatterX)
    ? view.scatterX
    : firstParam !== undefined
      ? { kind: 'param', key: firstParam }
      : data.metricKeys.length > 1
        ? { kind: 'metric', key: data.metricKeys.find((k) => k !== yMetric)! }
        : undefined;

  const xOptions = [
    ...data.paramKeys.map((key) => ({ value: encodeSource({ kind: 'param', key }), label: `param: ${key}` })),
    ...data.metricKeys.map((key) => ({ value: encodeSource({ kind: 'metric', key }), label: `metric: ${key}` })),
  ];
  const shown = useMemo(() => data.runs.filter((r) => !hidden.has(r.runId)), [data.runs, hidden]);

  return (
    <div className="scatter-tab">
      <div className="toolbar" role="toolbar" aria-label="Scatter plot axes">
        <span className="toolbar-field">
          <span>X</span>
          <Dropdown ariaLabel="Scatter x axis" value={x ? encodeSource(x) : ''} options={xOptions} onChange={(value) => updateView({ scatterX: decodeSource(value) })} />
        </span>
        <span className="toolbar-field">
          <span>Y</span>
          <Dropdown
            ariaLabel="Scatter y axis"
            value={yMetric ?? ''}
            options={data.metricKeys.map((key) => ({ value: key, label: `metric: ${key}` }))}
            onChange={(scatterY) => updateView({ scatterY })}
          />
        </span>
      </div>
      <RunLegend runs={data.runs} hidden={hidden} onHiddenChange={setHiddenRuns} onHighlight={setHighlighted} />
      {x && yMetric ? (
        <ScatterPlot allRuns={data.runs} shownRuns={shown} x={x} yMetric={yMetric} highlighted={highlighted} theme={theme} />
      ) : (
        <p className="empty">A scatter plot needs a metric and something to plot it against.</p>
      )}
    </div>
  );
}
