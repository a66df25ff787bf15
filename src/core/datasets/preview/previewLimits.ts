import type { PreviewProblem } from './previewTypes';

/** A preview gives up looking for its rows after this much text (a file of a few huge lines). */
export const maxPreviewChars = 16 * 1024 * 1024;

const maxProblems = 20;

/** The first problems only: one bad line repeated through a file should not flood the view. */
export class ProblemList {
  readonly items: PreviewProblem[] = [];
  private dropped = 0;

  add(line: number | undefined, message: string): void {
    if (this.items.length < maxProblems) this.items.push(line === undefined ? { message } : { line, message });
    else if (++this.dropped === 1) this.items.push({ message: 'more problems were not listed' });
  }
}

export interface RowSample {
  fileSize: number;
  /** bytes decoded so far and the characters they gave: the bytes per character of this file */
  bytesDecoded: number;
  charsDecoded: number;
  /** character offset where the header ends (0 without one) */
  headerEndOffset: number;
  /** character offset where the last complete record ends */
  lastEndOffset: number;
  records: number;
}

/** Rows in the whole file from the average size of the rows read; null with no complete row to measure. */
export function estimateRowCount(sample: RowSample): number | null {
  if (sample.records === 0 || sample.charsDecoded === 0) return null;
  const bytesPerChar = sample.bytesDecoded / sample.charsDecoded;
  const headerBytes = sample.headerEndOffset * bytesPerChar;
  const bytesPerRow = ((sample.lastEndOffset - sample.headerEndOffset) * bytesPerChar) / sample.records;
  if (bytesPerRow <= 0) return null;
  return Math.max(sample.records, Math.round((sample.fileSize - headerBytes) / bytesPerRow));
}
