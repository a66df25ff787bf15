/** A table cell's sortable value: numbers, text, or nothing (missing or not a number). */
export type SortValue = number | string | undefined;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const isMissing = (v: SortValue): boolean => v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** Missing values go last in either direction: they are never the answer to "which is best". */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, descending: boolean): T[] {
  const keyed = rows.map((row, index) => ({ row, index, v: value(row) }));
  keyed.sort((a, b) => {
    const aMissing = isMissing(a.v);
    const bMissing = isMissing(b.v);
    if (aMissing || bMissing) return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
    let order: number;
    if (typeof a.v === 'number' && typeof b.v === 'number') order = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    else if (typeof a.v === 'number') order = -1;
    else if (typeof b.v === 'number') order = 1;
    else order = collator.compare(String(a.v), String(b.v));
    return (descending ? -order : order) || a.index - b.index;
  });
  return keyed.map((k) => k.row);
}
