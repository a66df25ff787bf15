import type { RunSummary } from '../../../../src/protocol/compare';
import { SortableTable, type TableColumn } from '../../components/SortableTable';
import { hiddenRowClass } from './runColumn';

/** A table with one row per compared run; runs hidden in the legend are dimmed, not removed. */
export function RunsTable({ caption, columns, runs, hidden }: { caption: string; columns: TableColumn<RunSummary>[]; runs: readonly RunSummary[]; hidden: ReadonlySet<string> }) {
  return <SortableTable caption={caption} columns={columns} rows={runs} rowKey={(run) => run.runId} rowClassName={hiddenRowClass(hidden)} empty="No runs to compare." />;
}
