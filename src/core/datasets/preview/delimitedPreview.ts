import { columnNames } from './columnNames';
import { inferTextColumnType } from './columnTypes';
import type { CountingFile } from './countingFile';
import { DelimitedTokenizer } from './delimitedTokenizer';
import { sniffDelimiter } from './delimiterSniffer';
import { cut } from './displayValue';
import { estimateRowCount, maxPreviewChars, ProblemList } from './previewLimits';
import { type DataPreview, PreviewError, type PreviewOptions, defaultCountRowsUpToBytes, defaultMaxColumns, defaultMaxRows } from './previewTypes';
import { textChunks } from './textChunks';

export interface DelimiterChoice {
  /** fixed by the file type (TSV) */
  delimiter?: string;
  /** tried first when sniffing */
  preferred: string;
}

/** The header and first rows of a CSV/TSV file, streamed; the whole file only when it is small enough to count. */
export async function previewDelimited(file: CountingFile, choice: DelimiterChoice, options: PreviewOptions): Promise<DataPreview> {
  const maxRows = options.maxRows ?? defaultMaxRows;
  const countAll = file.size <= (options.countRowsUpToBytes ?? defaultCountRowsUpToBytes);
  const problems = new ProblemList();
  let header: { names: string[]; endOffset: number } | undefined;
  const rows: string[][] = [];
  let dataRecords = 0;
  let lastEndOffset = 0;

  let tokenizer: DelimitedTokenizer | undefined;
  const onRecord = (record: { fields: string[] | null; line: number; endOffset: number }) => {
    if (header === undefined) {
      header = { names: columnNames(record.fields ?? []), endOffset: record.endOffset };
      if (maxRows <= 0 && tokenizer) tokenizer.keepFields = false;
      return;
    }
    dataRecords++;
    lastEndOffset = record.endOffset;
    if (record.fields === null) return;
    if (record.fields.length !== header.names.length) {
      problems.add(record.line, `${record.fields.length} fields where the header has ${header.names.length}`);
    }
    rows.push(record.fields.map(cut));
    if (rows.length >= maxRows && tokenizer) tokenizer.keepFields = false;
  };

  let delimiter = choice.delimiter;
  let chars = 0;
  let bytes = 0;
  let reachedEnd = false;
  for await (const chunk of textChunks(file, options.signal)) {
    if (tokenizer === undefined) {
      if (chunk.text.includes('\0')) throw new PreviewError(file.path, 'it holds binary data, not delimited text');
      delimiter ??= sniffDelimiter(chunk.text, choice.preferred, chunk.last);
      tokenizer = new DelimitedTokenizer(delimiter, onRecord);
    }
    tokenizer.push(chunk.text);
    chars += chunk.text.length;
    bytes += chunk.bytes;
    if (chunk.last) {
      if (tokenizer.insideQuotes) problems.add(undefined, 'the file ends inside a quoted value (a closing quote is missing)');
      tokenizer.end();
      reachedEnd = true;
      break;
    }
    if (!countAll && rows.length >= maxRows) break;
    if (!countAll && chars > maxPreviewChars) {
      problems.add(undefined, `stopped after ${maxPreviewChars} characters without ${maxRows} complete rows`);
      break;
    }
  }

  const names = header?.names ?? [];
  const width = Math.max(names.length, ...rows.map((row) => row.length));
  const allNames = columnNames([...names, ...Array<string>(width - names.length).fill('')]);
  const maxColumns = options.maxColumns ?? defaultMaxColumns;
  const shownNames = allNames.slice(0, maxColumns);
  const shownRows = rows.map((row) => Array.from({ length: shownNames.length }, (_, i) => row[i] ?? ''));
  const columns = shownNames.map((name, i) => ({ name, type: inferTextColumnType(shownRows.map((row) => row[i])) }));
  const rowCount = reachedEnd
    ? dataRecords
    : estimateRowCount({ fileSize: file.size, bytesDecoded: bytes, charsDecoded: chars, headerEndOffset: header?.endOffset ?? 0, lastEndOffset, records: dataRecords });
  const preview: DataPreview = {
    file: file.path,
    format: delimiter === '\t' ? 'tsv' : 'csv',
    delimiter: delimiter ?? choice.preferred,
    columns,
    rows: shownRows,
    rowCount,
    rowCountExact: reachedEnd,
    problems: problems.items,
    fileSize: file.size,
    bytesRead: file.bytesRead,
  };
  if (allNames.length > shownNames.length) preview.truncatedColumns = true;
  return preview;
}
