import { UnsupportedError } from './errors';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'blob' | 'punct';

/** One token of a schema statement; `text` is unquoted for identifiers and strings. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Where the token starts and ends in the statement, to recover expression text. */
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

/** Splits the SQL of a CREATE statement into tokens (comments and whitespace dropped). */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if ((c === 'x' || c === 'X') && sql[i + 1] === "'") {
      const close = sql.indexOf("'", i + 2);
      if (close < 0) throw new UnsupportedError(`unterminated blob literal in: ${sql}`);
      tokens.push({ kind: 'blob', text: sql.slice(i + 2, close), start, end: close + 1 });
      i = close + 1;
    } else if (c === "'" || c in CLOSING_QUOTE) {
      const close = c === "'" ? "'" : CLOSING_QUOTE[c];
      let text = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new UnsupportedError(`unterminated quote in: ${sql}`);
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) {
            text += close; // a doubled quote stands for itself
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += sql[i++];
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text, start, end: i });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = /^(0[xX][0-9A-Fa-f]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(sql.slice(i));
      const text = match ? match[0] : c;
      tokens.push({ kind: 'number', text, start, end: i + text.length });
      i += text.length;
    } else if (WORD_START.test(c)) {
      while (i < sql.length && WORD_PART.test(sql[i])) i++;
      tokens.push({ kind: 'word', text: sql.slice(start, i), start, end: i });
    } else {
      tokens.push({ kind: 'punct', text: c, start, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** True when the token is the unquoted keyword `keyword` (case-insensitive). */
export function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === keyword;
}

export function isPunct(token: Token | undefined, punct: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === punct;
}

/** A name: an identifier, quoted or not (SQLite also accepts a string literal as a name). */
export function isName(token: Token | undefined): token is Token {
  return token !== undefined && (token.kind === 'word' || token.kind === 'quoted' || token.kind === 'string');
}

/** Index just past the parenthesised group that opens at tokens[open]. */
export function skipGroup(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i + 1;
  }
  throw new UnsupportedError('unbalanced parentheses in a schema statement');
}

/** Splits tokens[from, to) at top-level commas. */
export function splitTopLevel(tokens: Token[], from: number, to: number): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    if (depth === 0 && isPunct(token, ',')) {
      parts.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
