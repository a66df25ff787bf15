import { type ColumnType, maxCellLength } from './previewTypes';

/** A value as the preview table shows it: missing as '', nested values as JSON, long text cut. */
export function displayValue(value: unknown, type?: ColumnType): string {
  return cut(toText(value, type));
}

export function cut(text: string): string {
  return text.length > maxCellLength ? `${text.slice(0, maxCellLength - 1)}…` : text;
}

function toText(value: unknown, type: ColumnType | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return dateText(value, type);
  if (value instanceof Uint8Array) return bytesText(value);
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'bigint') return inner.toString();
    if (inner instanceof Uint8Array) return bytesText(inner);
    return inner;
  });
}

function dateText(date: Date, type: ColumnType | undefined): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  const iso = date.toISOString();
  return type === 'date' ? iso.slice(0, 10) : iso;
}

function bytesText(bytes: Uint8Array): string {
  const shown = Buffer.from(bytes.subarray(0, maxCellLength / 2)).toString('hex');
  return `0x${shown}`;
}
