import { useCallback, useMemo, useState } from 'react';
import { useCompareData, useServices, useView } from '../compareContext';
import { RunLegend } from '../legend/RunLegend';
import { effectiveMetrics } from '../logic/viewState';
import { ChartToolbar } from './ChartToolbar';
import type { ChartTheme } from './chartTheme';
import { MetricChartCard } from './MetricChartCard';
import { useChartsShown } from './useChartsShown';

/** Every charted metric overlaid for the shown runs, with the shared options and legend above. */
export function ChartsTab({ theme }: { theme: ChartTheme }) {
  const data = useCompareData();
  const { store } = useServices();
  const { view, updateView } = useView();
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const setHiddenRuns = useCallback((hiddenRuns: string[]) => updateView({ hiddenRuns }), [updateView]);
  const hidden = useMemo(() => new Set(view.hiddenRuns), [view.hiddenRuns]);
  const shownRuns = useMemo(() => data.runs.filter((run) => !hidden.has(run.runId)), [data.runs, hidden]);
  const charted = effectiveMetrics(view.selectedMetrics, data.metricKeys);
  const mounted = useChartsShown(charted);

  return (
    <div className="charts-tab">
      <ChartToolbar metricKeys={data.metricKeys} chartedMetrics={charted} />
      <RunLegend runs={data.runs} hidden={hidden} onHiddenChange={setHiddenRuns} onHighlight={setHighlighted} />
      {charted.length === 0 ? (
        <p className="empty">{data.metricKeys.length === 0 ? 'These runs have logged no metrics.' : 'No metric is chosen: pick some under Metrics.'}</p>
      ) : (
        <div className="chart-grid">
          {charted.slice(0, mounted).map((key) => (
            <MetricChartCard
              key={key}
              metricKey={key}
              runs={shownRuns}
              series={data.series.get(key)}
              xAxis={view.xAxis}
              smoothing={view.smoothing}
              logScale={view.logScale}
              ignoreOutliers={view.ignoreOutliers}
              highlighted={highlighted}
              theme={theme}
              epoch={store.epoch}
            />
          ))}
        </div>
      )}
    </div>
  );
}
