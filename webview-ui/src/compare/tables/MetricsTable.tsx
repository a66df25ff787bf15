import { useMemo } from 'react';
import type { MetricNumber, RunSummary } from '../../../../src/protocol/compare';
import type { TableColumn } from '../../components/SortableTable';
import { useCompareData, useView } from '../compareContext';
import { formatNumber, metricValue } from '../logic/metricNumber';
import { runColumn } from './runColumn';
import { RunsTable } from './RunsTable';

type Stat = 'latest' | 'min' | 'max';
const stats: { stat: Stat; label: string }[] = [
  { stat: 'latest', label: 'Latest' },
  { stat: 'min', label: 'Min' },
  { stat: 'max', label: 'Max' },
];

function statOf(run: RunSummary, key: string, stat: Stat): MetricNumber | undefined {
  if (stat === 'latest') return run.metrics[key];
  return run.metricStats[key]?.[stat];
}

/** Latest, lowest and highest value of every metric per run; each column sorts. */
export function MetricsTable() {
  const data = useCompareData();
  const { view } = useView();
  const hidden = useMemo(() => new Set(view.hiddenRuns), [view.hiddenRuns]);
  const columns = useMemo<TableColumn<RunSummary>[]>(
    () => [
      runColumn(hidden),
      ...data.metricKeys.flatMap((key) =>
        stats.map(({ stat, label }) => ({
          id: `metric:${key}:${stat}`,
          header: label,
          label,
          group: key,
          numeric: true,
          cell: (run: RunSummary) => {
            const value = statOf(run, key, stat);
            return value === undefined ? <span className="missing" aria-label="not logged">—</span> : formatNumber(metricValue(value));
          },
          sortValue: (run: RunSummary) => {
            const value = statOf(run, key, stat);
            return value === undefined ? undefined : metricValue(value);
          },
        })),
      ),
    ],
    [data.metricKeys, hidden],
  );
  return (
    <div className="table-tab">
      <RunsTable caption="Metrics of the compared runs: latest, minimum and maximum" columns={columns} runs={data.runs} hidden={hidden} />
    </div>
  );
}
