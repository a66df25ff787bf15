import { useMemo } from 'react';
import type { RunSummary } from '../../../../src/protocol/compare';
import type { TableColumn } from '../../components/SortableTable';
import { Checkbox } from '../../components/toolkit';
import { useCompareData, useView } from '../compareContext';
import { numericParam } from '../logic/runValues';
import { shownParamKeys } from './shownParams';
import { runColumn } from './runColumn';
import { RunsTable } from './RunsTable';

/** Parameters per run; "Differences only" hides those every run shares. */
export function ParamsTable() {
  const data = useCompareData();
  const { view, updateView } = useView();
  const hidden = useMemo(() => new Set(view.hiddenRuns), [view.hiddenRuns]);
  const keys = useMemo(() => shownParamKeys(data.runs, data.paramKeys, view.differencesOnly), [data.runs, data.paramKeys, view.differencesOnly]);
  const columns = useMemo<TableColumn<RunSummary>[]>(
    () => [
      runColumn(hidden),
      ...keys.map((key) => ({
        id: `param:${key}`,
        header: key,
        label: key,
        cell: (run: RunSummary) => run.params[key] ?? <span className="missing" aria-label="not set">—</span>,
        sortValue: (run: RunSummary) => {
          const value = Object.prototype.hasOwnProperty.call(run.params, key) ? run.params[key] : undefined;
          return numericParam(value) ?? value;
        },
      })),
    ],
    [keys, hidden],
  );
  const equal = data.paramKeys.length - shownParamKeys(data.runs, data.paramKeys, true).length;

  return (
    <div className="table-tab">
      <div className="toolbar" role="toolbar" aria-label="Parameter table options">
        <Checkbox id="differences-only" checked={view.differencesOnly} onChange={(differencesOnly) => updateView({ differencesOnly })}>
          Differences only
        </Checkbox>
        <span className="toolbar-note">
          {keys.length} of {data.paramKeys.length} parameters shown
          {view.differencesOnly && equal > 0 ? `; ${equal} equal in every run hidden` : ''}
        </span>
      </div>
      <RunsTable caption="Parameters of the compared runs" columns={columns} runs={data.runs} hidden={hidden} />
    </div>
  );
}
