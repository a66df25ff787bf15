import type { SqlValue } from './record';
import { safeIntegerOrBigint } from './varint';

export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

/** Column affinity from a declared type, by the rules of datatype3.html §3.1 (in their order). */
export function affinityOf(declaredType: string): Affinity {
  const type = declaredType.toUpperCase();
  if (type.includes('INT')) return 'INTEGER';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT';
  if (type.includes('BLOB') || type.trim() === '') return 'BLOB';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/** Converts a value the way SQLite does when storing it in (or comparing it with) a column of this affinity. */
export function applyAffinity(value: SqlValue, affinity: Affinity): SqlValue {
  switch (affinity) {
    case 'BLOB':
      return value;
    case 'TEXT':
      if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? integerText(value) : realToText(value);
      if (typeof value === 'bigint') return value.toString();
      return value;
    default:
      return typeof value === 'string' ? (textToNumber(value) ?? value) : value;
  }
}

function integerText(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const REAL_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A well-formed integer or real literal as a number (integers preferred), else undefined. */
export function textToNumber(text: string): number | bigint | undefined {
  if (INTEGER_TEXT.test(text)) {
    const big = BigInt(text.trim());
    if (big >= INT64_MIN && big <= INT64_MAX) return safeIntegerOrBigint(big);
    return Number(text.trim());
  }
  if (!REAL_TEXT.test(text)) return undefined;
  const real = Number(text.trim());
  // '3.0e+5' becomes the integer 300000 when that loses nothing (datatype3.html §3.0).
  if (Number.isInteger(real) && Math.abs(real) < 2 ** 63) return Number.isSafeInteger(real) ? real : safeIntegerOrBigint(BigInt(real));
  return real;
}

/** SQLite's "%!.15g" rendering of a REAL as TEXT. */
export function realToText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (value === 0) return '0.0';
  const [mantissa, exponentText] = value.toExponential(14).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 15) {
    const digits = withPoint(trimZeros(mantissa));
    const sign = exponent < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return withPoint(trimZeros(value.toFixed(Math.max(0, 14 - exponent))));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function withPoint(text: string): string {
  return text.includes('.') ? text : `${text}.0`;
}
