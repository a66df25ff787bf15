import { useMemo } from 'react';
import type { RunSummary } from '../../../../src/protocol/compare';
import type { TableColumn } from '../../components/SortableTable';
import { useCompareData, useView } from '../compareContext';
import { formatRunDuration, formatTimestamp, runDurationMs, shortCommit } from '../logic/runInfo';
import { runColumn } from './runColumn';
import { RunsTable } from './RunsTable';

/** Status, timing, code version and data of each run. */
export function RunInfoTable() {
  const data = useCompareData();
  const { view } = useView();
  const hidden = useMemo(() => new Set(view.hiddenRuns), [view.hiddenRuns]);
  // Durations of running runs are as of this render; live updates re-render the table.
  const now = Date.now();
  const columns: TableColumn<RunSummary>[] = [
    runColumn(hidden),
    { id: 'experiment', header: 'Experiment', label: 'experiment', cell: (r) => r.experimentName, sortValue: (r) => r.experimentName },
    { id: 'status', header: 'Status', label: 'status', cell: (r) => <span className={`status status-${r.status.toLowerCase()}`}>{r.status}</span>, sortValue: (r) => r.status },
    { id: 'duration', header: 'Duration', label: 'duration', numeric: true, cell: (r) => formatRunDuration(r, now), sortValue: (r) => runDurationMs(r, now) },
    { id: 'start', header: 'Start time', label: 'start time', cell: (r) => formatTimestamp(r.startTime), sortValue: (r) => r.startTime ?? undefined },
    {
      id: 'commit',
      header: 'Git commit',
      label: 'git commit',
      cell: (r) => (r.gitCommit ? <code title={r.gitCommit}>{shortCommit(r.gitCommit)}</code> : ''),
      sortValue: (r) => r.gitCommit ?? undefined,
    },
    { id: 'datasets', header: 'Datasets', label: 'datasets', cell: (r) => r.datasets.join(', '), sortValue: (r) => r.datasets.join(', ') || undefined },
  ];
  return (
    <div className="table-tab">
      <RunsTable caption="Run information: status, duration, start, commit and datasets" columns={columns} runs={data.runs} hidden={hidden} />
    </div>
  );
}
