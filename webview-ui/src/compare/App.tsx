import type { ReactElement } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Button, Tabs, type TabSpec } from '../components/toolkit';
import { ChartsTab } from './charts/ChartsTab';
import { useChartTheme } from './charts/chartTheme';
import { useCompareData, useServices, useView, type CompareServices } from './compareContext';
import { effectiveMetrics, type CompareTab } from './logic/viewState';
import { ParallelCoordinatesTab } from './parallel/ParallelCoordinatesTab';
import { ScatterTab } from './scatter/ScatterTab';
import { shownParamKeys } from './tables/shownParams';
import { MetricsTable } from './tables/MetricsTable';
import { ParamsTable } from './tables/ParamsTable';
import { RunInfoTable } from './tables/RunInfoTable';

function guarded(what: string, log: CompareServices['log'], content: ReactElement): ReactElement {
  return (
    <ErrorBoundary what={what} onError={(message) => log('error', message)}>
      {content}
    </ErrorBoundary>
  );
}

export function App() {
  const services = useServices();
  const data = useCompareData();
  const { view, updateView } = useView();
  const theme = useChartTheme(data.theme);

  if (!data.initialized) {
    return <p className="waiting" role="status">Waiting for the runs to compare…</p>;
  }

  const exportCsv = (): void =>
    services.bridge.post({
      type: 'exportCsv',
      metricKeys: effectiveMetrics(view.selectedMetrics, data.metricKeys),
      paramKeys: shownParamKeys(data.runs, data.paramKeys, view.differencesOnly),
    });

  // Charts stay mounted once shown (rebuilding them is the expensive part); tables render only
  // while their tab is open, since live updates would otherwise re-render them unseen.
  const lazy = (tab: CompareTab, content: ReactElement): ReactElement | null => (view.tab === tab ? content : null);
  const tabs: TabSpec<CompareTab>[] = [
    { id: 'charts', label: 'Charts', content: guarded('the charts', services.log, <ChartsTab theme={theme} />) },
    { id: 'params', label: 'Parameters', content: lazy('params', guarded('the parameter table', services.log, <ParamsTable />)) },
    { id: 'metrics', label: 'Metrics', content: lazy('metrics', guarded('the metric table', services.log, <MetricsTable />)) },
    { id: 'runs', label: 'Run info', content: lazy('runs', guarded('the run table', services.log, <RunInfoTable />)) },
    { id: 'parallel', label: 'Parallel coordinates', content: lazy('parallel', guarded('the parallel coordinates', services.log, <ParallelCoordinatesTab theme={theme} />)) },
    { id: 'scatter', label: 'Scatter', content: lazy('scatter', guarded('the scatter plot', services.log, <ScatterTab theme={theme} />)) },
  ];

  return (
    <main className="compare-app">
      <header className="app-header">
        <h1 className="app-title">
          Comparing {data.runs.length} run{data.runs.length === 1 ? '' : 's'}
        </h1>
        <Button onClick={exportCsv} title="Save the charted metrics and the shown parameters of every run as CSV">
          Export CSV
        </Button>
      </header>
      {data.error !== null && (
        <div className="error-banner" role="alert">
          <span>{data.error}</span>
          <Button appearance="icon" ariaLabel="Dismiss error" onClick={() => services.store.dismissError()}>✕</Button>
        </div>
      )}
      <Tabs ariaLabel="Comparison views" tabs={tabs} active={view.tab} onChange={(tab) => updateView({ tab })} />
    </main>
  );
}
