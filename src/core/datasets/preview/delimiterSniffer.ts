import { DelimitedTokenizer } from './delimitedTokenizer';

const candidates = [',', '\t', ';', '|'];
const sampledRecords = 30;

/**
 * The delimiter that splits the first records of `sample` into the same number (more than one)
 * of fields most consistently; `preferred` wins ties and is the answer when nothing splits.
 * Quotes are honoured, so delimiters inside quoted values do not count.
 */
export function sniffDelimiter(sample: string, preferred: string, sampleIsWholeFile: boolean): string {
  let best = preferred;
  let bestScore = 0;
  for (const delimiter of [preferred, ...candidates.filter((c) => c !== preferred)]) {
    const score = consistency(sample, delimiter, sampleIsWholeFile);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** The share of records with the most common field count, 0 when that count is 1. */
function consistency(sample: string, delimiter: string, sampleIsWholeFile: boolean): number {
  const counts: number[] = [];
  const tokenizer = new DelimitedTokenizer(delimiter, (record) => {
    if (counts.length < sampledRecords) counts.push(record.fields?.length ?? 0);
  });
  tokenizer.push(sample);
  if (sampleIsWholeFile) tokenizer.end();
  if (counts.length === 0) return 0;
  const frequency = new Map<number, number>();
  for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
  let modeCount = 0;
  let modeFrequency = 0;
  for (const [count, times] of frequency) {
    if (times > modeFrequency || (times === modeFrequency && count > modeCount)) {
      modeCount = count;
      modeFrequency = times;
    }
  }
  return modeCount > 1 ? modeFrequency / counts.length : 0;
}
