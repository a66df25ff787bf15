// Python's notions of text, where they differ from JavaScript's: strings order by code point
// (JavaScript compares UTF-16 units), `\w`/`\s` are Unicode-aware, and repr() picks its quotes.

/** Python's `\w` for str patterns: letters, numbers and underscore. */
export const PY_WORD = '[\\p{L}\\p{N}_]';
/** Python's `\d` for str patterns. */
export const PY_DIGIT = '\\p{Nd}';
/** Python's `\s` for str patterns (str.isspace). */
export const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** repr() of a str, as it appears in MLflow's messages. */
export function pyRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let body = '';
  for (const ch of value) {
    if (ch === '\\' || ch === quote) body += `\\${ch}`;
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    else if (ch.codePointAt(0)! < 0x20 || ch.codePointAt(0) === 0x7f) {
      body += `\\x${ch.codePointAt(0)!.toString(16).padStart(2, '0')}`;
    } else body += ch;
  }
  return `${quote}${body}${quote}`;
}

/** str() of a Python set of strings; Python's own order depends on hashing, so sort it. */
export function pySetRepr(values: Iterable<string>): string {
  return `{${[...values].sort(compareCodePoints).map(pyRepr).join(', ')}}`;
}

export function pyListRepr(values: Iterable<string>): string {
  return `[${[...values].map(pyRepr).join(', ')}]`;
}

const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;

/**
 * Python's int() and float() read any Unicode decimal digit. Unicode lays each script's digits out
 * as runs of ten starting at zero, so a digit's value is its position in its run, modulo ten.
 */
export function asciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGIT, (digit) => {
    let code = digit.codePointAt(0)!;
    let position = 0;
    while (IS_DIGIT.test(String.fromCodePoint(code - 1))) {
      code--;
      position++;
    }
    return String(position % 10);
  });
}

const PY_SPACE_RUN = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'gu');

/** str.strip() */
export function pyStrip(text: string): string {
  return text.replace(PY_SPACE_RUN, '');
}

/** repr() of a value read from JSON, for messages that print one. */
export function pyValueRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return pyRepr(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyValueRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${pyRepr(key)}: ${pyValueRepr(item)}`).join(', ')}}`;
}

/** type(value).__name__ of a value read from JSON. */
export function pyTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}
