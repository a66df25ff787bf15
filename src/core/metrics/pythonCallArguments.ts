import type { PythonToken } from './pythonTokens';

/** Tokens [start, end) of one expression. */
export interface TokenSpan {
  start: number;
  end: number;
}

export type CallArgument =
  | { kind: 'positional'; value: TokenSpan }
  | { kind: 'keyword'; name: string; nameToken: number; value: TokenSpan }
  /** `*args` or `**kwargs`: what they hold is known only at run time */
  | { kind: 'unpacked'; double: boolean };

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

export function isOp(token: PythonToken | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'op' && token.text === text;
}

/**
 * Splits the tokens after an opening bracket at `open` into comma-separated items, up to the
 * matching closing bracket. Undefined when the bracket is never closed (code still being typed).
 */
export function splitBracketed(tokens: readonly PythonToken[], open: number): { items: TokenSpan[]; close: number } | undefined {
  const items: TokenSpan[] = [];
  let depth = 0;
  let itemStart = open + 1;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'op') continue;
    if (OPENING.has(token.text)) depth++;
    else if (CLOSING.has(token.text)) {
      if (depth === 0) {
        if (i > itemStart) items.push({ start: itemStart, end: i });
        return { items, close: i };
      }
      depth--;
    } else if (token.text === ',' && depth === 0) {
      if (i > itemStart) items.push({ start: itemStart, end: i });
      itemStart = i + 1;
    }
  }
  return undefined;
}

export function callArguments(tokens: readonly PythonToken[], items: readonly TokenSpan[]): CallArgument[] {
  return items.map((span): CallArgument => {
    const first = tokens[span.start];
    if (isOp(first, '*') || isOp(first, '**')) return { kind: 'unpacked', double: first.text === '**' };
    if (first.kind === 'name' && isOp(tokens[span.start + 1], '=')) {
      return { kind: 'keyword', name: first.text, nameToken: span.start, value: { start: span.start + 2, end: span.end } };
    }
    return { kind: 'positional', value: span };
  });
}

/** The span without parentheses that enclose all of it: `(("a"))` is `"a"`. */
export function unparenthesized(tokens: readonly PythonToken[], span: TokenSpan): TokenSpan {
  let { start, end } = span;
  while (end - start >= 2 && isOp(tokens[start], '(') && isOp(tokens[end - 1], ')')) {
    const inner = splitBracketed(tokens, start);
    // `("a", "b")` is a tuple and `("a") + ("b")` closes early: neither is one parenthesized expression
    if (!inner || inner.close !== end - 1 || inner.items.length !== 1 || isOp(tokens[end - 2], ',')) break;
    start++;
    end--;
  }
  return { start, end };
}

/** The string an expression always evaluates to: string literals only, adjacent ones joined as Python does. */
export function literalString(tokens: readonly PythonToken[], span: TokenSpan): string | undefined {
  const { start, end } = unparenthesized(tokens, span);
  if (end <= start) return undefined;
  let text = '';
  for (let i = start; i < end; i++) {
    const token = tokens[i];
    if (token.kind !== 'string' || token.bytes || token.value === undefined) return undefined;
    text += token.value;
  }
  return text;
}

/** One key of a dict built in place. */
export interface DictEntry {
  /** tokens of the key expression; for `dict(name=...)` the name token */
  key: TokenSpan;
  /** `dict(name=...)` keys are names, not expressions */
  keyIsName: boolean;
}

/**
 * The entries of a dict display `{k: v, ...}` or a `dict(k=v, ...)` call. Entries whose keys are
 * only known at run time (`**other`, a comprehension) are counted in `unknown`. Undefined when
 * the expression is not a dict built in place.
 */
export function dictEntries(tokens: readonly PythonToken[], span: TokenSpan): { entries: DictEntry[]; unknown: number } | undefined {
  const { start, end } = unparenthesized(tokens, span);
  if (isOp(tokens[start], '{')) {
    const inner = splitBracketed(tokens, start);
    if (!inner || inner.close !== end - 1) return undefined;
    return dictDisplay(tokens, inner.items);
  }
  if (tokens[start]?.kind === 'name' && tokens[start].text === 'dict' && isOp(tokens[start + 1], '(')) {
    const inner = splitBracketed(tokens, start + 1);
    if (!inner || inner.close !== end - 1) return undefined;
    const entries: DictEntry[] = [];
    let unknown = 0;
    for (const argument of callArguments(tokens, inner.items)) {
      if (argument.kind === 'keyword') entries.push({ key: { start: argument.nameToken, end: argument.nameToken + 1 }, keyIsName: true });
      else unknown++;
    }
    return { entries, unknown };
  }
  return undefined;
}

function dictDisplay(tokens: readonly PythonToken[], items: readonly TokenSpan[]): { entries: DictEntry[]; unknown: number } | undefined {
  const entries: DictEntry[] = [];
  let unknown = 0;
  for (const item of items) {
    if (isOp(tokens[item.start], '**')) {
      unknown++;
      continue;
    }
    const colon = topLevelIndex(tokens, item, (t) => isOp(t, ':'));
    // a set display has no colons; it is not a dict of metrics
    if (colon === undefined) return undefined;
    if (topLevelIndex(tokens, item, (t) => t.kind === 'name' && t.text === 'for') !== undefined) return { entries: [], unknown: 1 };
    entries.push({ key: { start: item.start, end: colon }, keyIsName: false });
  }
  return { entries, unknown };
}

function topLevelIndex(tokens: readonly PythonToken[], span: TokenSpan, test: (token: PythonToken) => boolean): number | undefined {
  let depth = 0;
  for (let i = span.start; i < span.end; i++) {
    const token = tokens[i];
    if (token.kind === 'op' && OPENING.has(token.text)) depth++;
    else if (token.kind === 'op' && CLOSING.has(token.text)) depth--;
    else if (depth === 0 && test(token)) return i;
  }
  return undefined;
}
