import { inferJsonColumnType } from './columnTypes';
import type { CountingFile } from './countingFile';
import { displayValue } from './displayValue';
import { estimateRowCount, maxPreviewChars, ProblemList } from './previewLimits';
import { type DataPreview, PreviewError, type PreviewOptions, defaultCountRowsUpToBytes, defaultMaxColumns, defaultMaxRows } from './previewTypes';
import { textChunks } from './textChunks';

/**
 * The first objects of a JSON Lines file, streamed line by line. Columns are the keys in order of
 * first appearance; a line that is not a JSON object is reported and skipped. Counting rows counts
 * non-blank lines without parsing them.
 */
export async function previewJsonLines(file: CountingFile, options: PreviewOptions): Promise<DataPreview> {
  const maxRows = options.maxRows ?? defaultMaxRows;
  const countAll = file.size <= (options.countRowsUpToBytes ?? defaultCountRowsUpToBytes);
  const problems = new ProblemList();
  const objects: Record<string, unknown>[] = [];
  let badLines = 0;
  let firstBadLine: string | undefined;
  let lines = 0;
  let records = 0;
  let lastEndOffset = 0;
  let carry = '';
  let carryStart = 0;
  let chars = 0;
  let bytes = 0;
  let reachedEnd = false;
  let stoppedEarly = false;

  const onLine = (text: string, endOffset: number) => {
    lines++;
    if (text.trim() === '') return;
    records++;
    lastEndOffset = endOffset;
    if (objects.length >= maxRows) return;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) objects.push(value as Record<string, unknown>);
      else reportBad(`a JSON ${Array.isArray(value) ? 'array' : typeof value}, not an object`);
    } catch (error) {
      reportBad(`not valid JSON (${(error as Error).message})`);
    }
  };
  const reportBad = (message: string) => {
    badLines++;
    firstBadLine ??= `line ${lines}: ${message}`;
    problems.add(lines, message);
  };

  for await (const chunk of textChunks(file, options.signal)) {
    let start = 0;
    for (let newline = chunk.text.indexOf('\n'); newline >= 0; newline = chunk.text.indexOf('\n', start)) {
      onLine(carry + chunk.text.slice(start, newline), chars + newline + 1);
      carry = '';
      start = newline + 1;
    }
    carry += chunk.text.slice(start);
    carryStart = chars + start;
    chars += chunk.text.length;
    bytes += chunk.bytes;
    if (chunk.last) {
      if (carry !== '') onLine(carry, chars);
      reachedEnd = true;
      break;
    }
    if (!countAll && objects.length >= maxRows) break;
    if (!countAll && chars - carryStart > maxPreviewChars) {
      problems.add(lines + 1, `stopped: the line is longer than ${maxPreviewChars} characters`);
      stoppedEarly = true;
      break;
    }
  }
  if (objects.length === 0 && badLines > 0 && !stoppedEarly) {
    throw new PreviewError(file.path, `it is not JSON Lines: ${firstBadLine}`);
  }

  const keys = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) keys.add(key);
  const names = [...keys];
  const maxColumns = options.maxColumns ?? defaultMaxColumns;
  const shown = names.slice(0, maxColumns);
  const columns = shown.map((name) => ({ name, type: inferJsonColumnType(objects.map((object) => object[name])) }));
  const preview: DataPreview = {
    file: file.path,
    format: 'jsonl',
    columns,
    rows: objects.map((object) => columns.map((column) => displayValue(object[column.name], column.type))),
    rowCount: reachedEnd ? records : estimateRowCount({ fileSize: file.size, bytesDecoded: bytes, charsDecoded: chars, headerEndOffset: 0, lastEndOffset, records }),
    rowCountExact: reachedEnd,
    problems: problems.items,
    fileSize: file.size,
    bytesRead: file.bytesRead,
  };
  if (names.length > shown.length) preview.truncatedColumns = true;
  return preview;
}
