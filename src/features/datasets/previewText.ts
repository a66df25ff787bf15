// The preview document: a plain, aligned text table. It reads the same in every editor and
// theme, scrolls sideways for wide files, and holds no markup for a cell to break.
import * as path from 'node:path';
import type { DataPreview, PreviewColumn } from '../../core/datasets/preview/previewTypes';
import { formatBytes, plural } from './datasetFormat';

/** Wide enough for most values; a longer one is cut so one column cannot push the others away. */
const MAX_COLUMN_WIDTH = 40;

export function rowCountText(preview: Pick<DataPreview, 'rowCount' | 'rowCountExact'>): string {
  if (preview.rowCount === null) return 'row count unknown';
  const count = preview.rowCount.toLocaleString('en-US');
  const noun = preview.rowCount === 1 ? 'row' : 'rows';
  return preview.rowCountExact ? `${count} ${noun} (exact)` : `about ${count} ${noun}`;
}

export function formatText(preview: Pick<DataPreview, 'format' | 'delimiter'>): string {
  switch (preview.format) {
    case 'parquet':
      return 'Parquet';
    case 'jsonl':
      return 'JSON Lines';
    case 'tsv':
      return 'TSV (tab-separated)';
    default:
      return preview.delimiter && preview.delimiter !== ',' ? `CSV (${JSON.stringify(preview.delimiter)}-separated)` : 'CSV (comma-separated)';
  }
}

export function renderPreview(preview: DataPreview): string {
  const columns = preview.columns;
  const lines = [
    `${path.basename(preview.file)} — ${formatText(preview)} · ${rowCountText(preview)} · ${plural(columns.length, 'column')}${preview.truncatedColumns ? ' shown' : ''} · ${formatBytes(preview.fileSize)}`,
    preview.file,
    `Read-only preview · ${formatBytes(preview.bytesRead)} read from disk`,
    '',
    'Schema',
    ...table(['column', 'type', ...(columns.some((c) => c.sourceType) ? ['in file'] : [])], columns.map(schemaRow), [false, false, false]),
  ];
  if (preview.truncatedColumns) lines.push('', 'The file has more columns than the preview shows.');
  lines.push('', rowsHeading(preview));
  if (preview.rows.length > 0) {
    // Row numbers lead so that no line starts with spaces: editors draw indent guides through those.
    const rows = preview.rows.map((row, i) => [String(i + 1), ...row.map((value, c) => shortFloat(preview, columns[c], value))]);
    lines.push(...table(['#', ...columns.map((c) => c.name)], rows, [false, ...columns.map(isNumeric)]));
  }
  if (preview.problems.length > 0) {
    lines.push('', 'Problems');
    for (const problem of preview.problems) lines.push(`${problem.line === undefined ? '' : `line ${problem.line}: `}${problem.message}`);
  }
  return lines.join('\n') + '\n';
}

function rowsHeading(preview: DataPreview): string {
  const shown = preview.rows.length;
  if (shown === 0) return preview.rowCount === 0 ? 'No rows' : 'No rows could be read';
  if (preview.rowCount !== null && preview.rowCountExact && preview.rowCount === shown) return `All ${plural(shown, 'row')}`;
  return `First ${plural(shown, 'row')}`;
}

function schemaRow(column: PreviewColumn): string[] {
  return column.sourceType ? [column.name, column.type, column.sourceType] : [column.name, column.type];
}

function isNumeric(column: PreviewColumn): boolean {
  return column.type === 'integer' || column.type === 'float';
}

/**
 * Parquet doubles arrive as the shortest text that reads back as the same binary value
 * (0.27999999999999997); 15 significant digits show what was meant (0.28) and lose nothing real.
 */
function shortFloat(preview: DataPreview, column: PreviewColumn | undefined, value: string): string {
  if (preview.format !== 'parquet' || column?.type !== 'float' || value === '') return value;
  const number = Number(value);
  return Number.isFinite(number) ? String(Number(number.toPrecision(15))) : value;
}

/** Header, rule and rows, two spaces between columns. */
function table(header: string[], rows: string[][], rightAligned: boolean[]): string[] {
  const cells = [header, ...rows].map((row) => header.map((_, i) => displayCell(row[i] ?? '')));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[], isHeader: boolean) =>
    row.map((cell, i) => (rightAligned[i] && !isHeader ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cells[0], true), line(widths.map((w) => '-'.repeat(w)), true), ...cells.slice(1).map((row) => line(row, false))];
}

function displayCell(value: string): string {
  const oneLine = value.replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, '\\t');
  return oneLine.length > MAX_COLUMN_WIDTH ? `${oneLine.slice(0, MAX_COLUMN_WIDTH - 1)}…` : oneLine;
}
