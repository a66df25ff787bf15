// A Python tokenizer just precise enough to find calls and their literal arguments: names,
// operators and string literals with their decoded values, skipping comments and whitespace.
// It never fails: half-typed code (unclosed strings, stray brackets) still yields tokens.

export type PythonTokenKind = 'name' | 'string' | 'number' | 'op';

export interface PythonToken {
  kind: PythonTokenKind;
  /** offsets into the source, in UTF-16 code units */
  start: number;
  end: number;
  text: string;
  /** strings only: the value Python would build, or undefined when it is computed at run time */
  value?: string;
  /** strings only: a bytes literal (b"...") */
  bytes?: boolean;
}

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '!=', '%=', '&=', '**', '*=', '+=', '-=', '->', '//', '/=', ':=', '<<', '<=', '==',
  '>=', '>>', '@=', '^=', '|=',
];
const NAME_START = /[\p{ID_Start}_]/u;
const NAME_CONTINUE = /[\p{ID_Continue}]/u;
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export function tokenizePython(source: string): PythonToken[] {
  const tokens: PythonToken[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r' || c === '\\') {
      // a backslash outside strings can only continue the line
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '"' || c === "'") {
      const token = scanString(source, i, i);
      tokens.push(token);
      i = token.end;
    } else if (NAME_START.test(c) || isSurrogateStart(source, i)) {
      let end = i + 1;
      while (end < source.length && (NAME_CONTINUE.test(source[end]) || isSurrogateStart(source, end))) end++;
      const name = source.slice(i, end);
      if ((source[end] === '"' || source[end] === "'") && STRING_PREFIXES.has(name.toLowerCase())) {
        const token = scanString(source, i, end);
        tokens.push(token);
        i = token.end;
      } else {
        tokens.push({ kind: 'name', start: i, end, text: name });
        i = end;
      }
    } else if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(source);
      const end = match ? i + match[0].length : i + 1;
      tokens.push({ kind: 'number', start: i, end, text: source.slice(i, end) });
      i = end;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i)) ?? c;
      tokens.push({ kind: 'op', start: i, end: i + op.length, text: op });
      i += op.length;
    }
  }
  return tokens;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

// Identifiers outside the Basic Multilingual Plane arrive as surrogate pairs; accept them whole.
function isSurrogateStart(source: string, i: number): boolean {
  const code = source.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff && NAME_CONTINUE.test(String.fromCodePoint(source.codePointAt(i) ?? 0));
}

interface StringScan {
  end: number;
  value: string | undefined;
}

/** A string literal whose prefix starts at `start` and whose quote is at `quoteAt`. */
function scanString(source: string, start: number, quoteAt: number): PythonToken {
  const prefix = source.slice(start, quoteAt).toLowerCase();
  const scan = scanStringBody(source, quoteAt, prefix);
  return { kind: 'string', start, end: scan.end, text: source.slice(start, scan.end), value: scan.value, bytes: prefix.includes('b') };
}

function scanStringBody(source: string, quoteAt: number, prefix: string): StringScan {
  const quoteChar = source[quoteAt];
  const triple = source.startsWith(quoteChar.repeat(3), quoteAt);
  const quote = triple ? quoteChar.repeat(3) : quoteChar;
  const raw = prefix.includes('r');
  const formatted = prefix.includes('f') || prefix.includes('t');
  const bytes = prefix.includes('b');
  let value: string | undefined = '';
  let i = quoteAt + quote.length;
  while (i < source.length) {
    if (source.startsWith(quote, i)) return { end: i + quote.length, value };
    const c = source[i];
    if (!triple && (c === '\n' || c === '\r')) return { end: i, value: undefined };
    if (c === '\\') {
      const escape = raw ? rawEscape(source, i) : decodeEscape(source, i, bytes);
      if (value !== undefined) value = escape.text === undefined ? undefined : value + escape.text;
      i = escape.end;
    } else if (formatted && (c === '{' || c === '}')) {
      if (source[i + 1] === c) {
        if (value !== undefined) value += c;
        i += 2;
      } else if (c === '{') {
        value = undefined;
        i = skipReplacementField(source, i + 1);
      } else {
        if (value !== undefined) value += c;
        i++;
      }
    } else {
      if (value !== undefined) value += c;
      i++;
    }
  }
  return { end: source.length, value: undefined };
}

interface Escape {
  end: number;
  /** undefined when the escape cannot be decoded here (\N{name}) */
  text: string | undefined;
}

// In raw strings a backslash still keeps the next character (even a quote) from ending the string.
function rawEscape(source: string, i: number): Escape {
  const next = source[i + 1];
  if (next === undefined) return { end: i + 1, text: '\\' };
  const length = next === '\r' && source[i + 2] === '\n' ? 3 : 2;
  return { end: i + length, text: source.slice(i, i + length) };
}

function decodeEscape(source: string, i: number, bytes: boolean): Escape {
  const next = source[i + 1];
  if (next === undefined) return { end: i + 1, text: '\\' };
  if (next === '\n') return { end: i + 2, text: '' };
  if (next === '\r') return { end: source[i + 2] === '\n' ? i + 3 : i + 2, text: '' };
  if (next in SIMPLE_ESCAPES) return { end: i + 2, text: SIMPLE_ESCAPES[next] };
  const octal = /^[0-7]{1,3}/.exec(source.slice(i + 1, i + 4));
  if (octal) return { end: i + 1 + octal[0].length, text: String.fromCharCode(parseInt(octal[0], 8)) };
  const hexLength = next === 'x' ? 2 : !bytes && next === 'u' ? 4 : !bytes && next === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const digits = source.slice(i + 2, i + 2 + hexLength);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits)) return { end: i + 2, text: undefined };
    const code = parseInt(digits, 16);
    return { end: i + 2 + hexLength, text: code > 0x10ffff ? undefined : String.fromCodePoint(code) };
  }
  if (!bytes && next === 'N' && source[i + 2] === '{') {
    const close = source.indexOf('}', i + 3);
    return { end: close < 0 ? source.length : close + 1, text: undefined };
  }
  // Python keeps unknown escapes as written
  return { end: i + 2, text: `\\${next}` };
}

/**
 * Skips an f-string replacement field whose `{` is just before `i`: an expression (with its own
 * strings and brackets, quotes may repeat the outer ones since Python 3.12), then an optional
 * format spec that may hold nested fields. Returns the offset after the closing `}`.
 */
function skipReplacementField(source: string, i: number): number {
  let depth = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === "'") {
      i = scanStringBody(source, i, '').end;
    } else if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < source.length && NAME_CONTINUE.test(source[end])) end++;
      const quoted = source[end] === '"' || source[end] === "'";
      i = quoted && STRING_PREFIXES.has(source.slice(i, end).toLowerCase()) ? scanStringBody(source, end, source.slice(i, end).toLowerCase()).end : end;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      i++;
    } else if (c === ')' || c === ']' || (c === '}' && depth > 0)) {
      depth--;
      i++;
    } else if (c === '}') {
      return i + 1;
    } else if (depth === 0 && c === ':') {
      return skipFormatSpec(source, i + 1);
    } else if (depth === 0 && c === '!' && source[i + 1] !== '=') {
      return skipConversion(source, i + 1);
    } else {
      i += c === '!' || c === '=' || c === '<' || c === '>' ? (source[i + 1] === '=' ? 2 : 1) : 1;
    }
  }
  return i;
}

function skipConversion(source: string, i: number): number {
  while (i < source.length && /[A-Za-z]/.test(source[i])) i++;
  if (source[i] === ':') return skipFormatSpec(source, i + 1);
  return source[i] === '}' ? i + 1 : i;
}

// A format spec is literal text (quotes included: f"{x:'>8}") with nested replacement fields.
function skipFormatSpec(source: string, i: number): number {
  while (i < source.length) {
    const c = source[i];
    if (c === '{') i = skipReplacementField(source, i + 1);
    else if (c === '}') return i + 1;
    else i++;
  }
  return i;
}
