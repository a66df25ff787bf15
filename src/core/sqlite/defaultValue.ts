import { applyAffinity, textToNumber, type Affinity } from './affinity';
import { UnsupportedError } from './errors';
import type { SqlValue } from './record';
import { isPunct, type Token } from './sqlTokens';
import { safeIntegerOrBigint } from './varint';

/**
 * The value SQLite gives a column that is missing from a row's record (rows written
 * before ALTER TABLE ADD COLUMN): its DEFAULT, converted by the column's affinity.
 * Numeric literals start out as their literal text, as in SQLite's valueFromExpr,
 * so `TEXT DEFAULT 1e20` is '1e20' and `BIGINT DEFAULT '0'` is 0.
 */
export function defaultValue(tokens: Token[] | undefined, affinity: Affinity, column: string): SqlValue {
  if (tokens === undefined) return null;
  let inner = tokens;
  while (inner.length >= 2 && isPunct(inner[0], '(') && isPunct(inner[inner.length - 1], ')')) inner = inner.slice(1, -1);
  let sign = '';
  if (inner.length === 2 && (isPunct(inner[0], '-') || isPunct(inner[0], '+')) && inner[1].kind === 'number') {
    sign = inner[0].text === '-' ? '-' : '';
    inner = inner.slice(1);
  }
  if (inner.length !== 1) throw unsupported(column, tokens);
  const token = inner[0];
  switch (token.kind) {
    case 'number': {
      const numericAffinity = affinity === 'BLOB' ? 'NUMERIC' : affinity;
      if (/^(0x[0-9a-f]+|\d+)$/i.test(token.text)) {
        const magnitude = BigInt(token.text);
        const value = BigInt.asIntN(64, sign ? -magnitude : magnitude);
        if (/^0x/i.test(token.text) || value === (sign ? -magnitude : magnitude)) {
          return applyAffinity(safeIntegerOrBigint(value), numericAffinity);
        }
      }
      const text = sign + token.text; // reals (and integers beyond 64 bits) start as their literal text
      return affinity === 'TEXT' ? text : applyAffinity(textToNumber(text) ?? text, numericAffinity);
    }
    case 'string':
    case 'quoted': // SQLite reads a double-quoted DEFAULT as a string
      return applyAffinity(token.text, affinity);
    case 'blob':
      return Uint8Array.from(Buffer.from(token.text, 'hex'));
    case 'word': {
      const word = token.text.toUpperCase();
      if (word === 'NULL') return null;
      if (word === 'TRUE' || word === 'FALSE') return applyAffinity(word === 'TRUE' ? 1 : 0, affinity);
      if (word.startsWith('CURRENT_')) throw unsupported(column, tokens);
      return applyAffinity(token.text, affinity); // a bare identifier is taken as a string
    }
    default:
      throw unsupported(column, tokens);
  }
}

function unsupported(column: string, tokens: Token[]): UnsupportedError {
  return new UnsupportedError(
    `the DEFAULT of column "${column}" (${tokens.map((t) => t.text).join(' ')}) is an expression this reader does not evaluate`,
  );
}
