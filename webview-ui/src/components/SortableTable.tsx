import { useMemo, useState, type ReactNode } from 'react';
import { sortRows, type SortValue } from './tableSort';

export interface TableColumn<Row> {
  id: string;
  header: ReactNode;
  /** the header as text, for the sort button's label */
  label: string;
  cell: (row: Row) => ReactNode;
  sortValue?: (row: Row) => SortValue;
  numeric?: boolean;
  /** columns that belong together (a metric's latest/min/max) share a group heading */
  group?: string;
}

export interface SortableTableProps<Row> {
  caption: string;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowClassName?: (row: Row) => string | undefined;
  /** the empty-table text */
  empty?: string;
}

interface SortState {
  column: string;
  descending: boolean;
}

function groupHeadings<Row>(columns: readonly TableColumn<Row>[]): { label: string; span: number }[] | null {
  if (!columns.some((c) => c.group)) return null;
  const groups: { label: string; span: number }[] = [];
  for (const column of columns) {
    const label = column.group ?? '';
    const last = groups[groups.length - 1];
    if (last && last.label === label && label !== '') last.span++;
    else groups.push({ label, span: 1 });
  }
  return groups;
}

/** A plain table with a sticky header and first column; sortable headers are buttons with aria-sort. */
export function SortableTable<Row>({ caption, columns, rows, rowKey, rowClassName, empty }: SortableTableProps<Row>) {
  const [sort, setSort] = useState<SortState | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const column = columns.find((c) => c.id === sort.column);
    return column?.sortValue ? sortRows(rows, column.sortValue, sort.descending) : rows;
  }, [rows, columns, sort]);
  const groups = groupHeadings(columns);

  const toggle = (column: string): void =>
    setSort((current) => (current?.column === column ? { column, descending: !current.descending } : { column, descending: false }));

  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {groups && (
            <tr>
              {groups.map((g, i) => (
                <th key={i} colSpan={g.span} scope="colgroup" className="group-heading">
                  {g.label}
                </th>
              ))}
            </tr>
          )}
          <tr>
            {columns.map((column) => {
              const active = sort?.column === column.id;
              const ariaSort = active ? (sort.descending ? 'descending' : 'ascending') : undefined;
              return (
                <th key={column.id} scope="col" aria-sort={ariaSort} className={column.numeric ? 'numeric' : undefined}>
                  {column.sortValue ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => toggle(column.id)}
                      aria-label={`Sort by ${column.group ? `${column.group} ` : ''}${column.label}${active ? (sort.descending ? ', sorted descending' : ', sorted ascending') : ''}`}
                    >
                      {column.header}
                      <span aria-hidden="true" className="sort-mark">{active ? (sort.descending ? '▼' : '▲') : ''}</span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr>
              <td colSpan={Math.max(1, columns.length)}>{empty ?? 'Nothing to show.'}</td>
            </tr>
          )}
          {sorted.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((column, i) =>
                i === 0 ? (
                  <th key={column.id} scope="row">
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.id} className={column.numeric ? 'numeric' : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
