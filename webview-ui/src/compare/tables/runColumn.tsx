import type { RunSummary } from '../../../../src/protocol/compare';
import { RunSwatch } from '../../components/RunSwatch';
import type { TableColumn } from '../../components/SortableTable';
import { runStyle } from '../logic/palette';

/** The first column of every table: the run's colour as the charts draw it, and its name. */
export function runColumn(hidden: ReadonlySet<string>): TableColumn<RunSummary> {
  return {
    id: 'run',
    header: 'Run',
    label: 'run name',
    sortValue: (run) => run.runName || run.runId,
    cell: (run) => {
      const style = runStyle(run.colorIndex);
      return (
        <span className="run-cell" title={run.runId}>
          <RunSwatch color={style.color} dash={style.dash} muted={hidden.has(run.runId)} />
          <span>{run.runName || run.runId}</span>
        </span>
      );
    },
  };
}

export function hiddenRowClass(hidden: ReadonlySet<string>): (run: RunSummary) => string | undefined {
  return (run) => (hidden.has(run.runId) ? 'hidden-run' : undefined);
}
