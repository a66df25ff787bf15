// MLflow's file store reads its text files with Python's str methods, int() and float(). These
// reproduce them for the lines that the byte-level fast paths do not accept, so that an odd line
// gives MLflow's value or MLflow's refusal.

// Characters for which Python's str.isspace() is true (what str.strip() removes).
const PYTHON_WHITESPACE =
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008' +
  '\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function isPythonSpace(ch: string): boolean {
  return PYTHON_WHITESPACE.includes(ch);
}

export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text[start])) start++;
  while (end > start && isPythonSpace(text[end - 1])) end--;
  return text.slice(start, end);
}

// The line boundaries of str.splitlines(), which codecs' readlines() splits on.
const LINE_BOUNDARIES = '\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029';

/** Python's `str.splitlines()` (without the line ends). */
export function pythonSplitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!LINE_BOUNDARIES.includes(text[i])) continue;
    lines.push(text.slice(start, i));
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

// Python accepts any Unicode decimal digit (category Nd) in int() and float(). Nd characters come
// in runs of ten starting at a zero, so a digit's value is its distance from the run's start.
function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') {
      out += ch;
      continue;
    }
    if (!/\p{Nd}/u.test(ch)) {
      out += ch;
      continue;
    }
    let codePoint = ch.codePointAt(0) ?? 0;
    let runLength = 1;
    while (/\p{Nd}/u.test(String.fromCodePoint(codePoint - 1))) {
      codePoint--;
      runLength++;
    }
    out += String((runLength - 1) % 10);
  }
  return out;
}

const PYTHON_INT = /^[+-]?\d+(?:_\d+)*$/;
const PYTHON_FLOAT =
  /^[+-]?(?:(?:\d+(?:_\d+)*)?\.\d+(?:_\d+)*|\d+(?:_\d+)*\.?)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const PYTHON_FLOAT_WORD = /^([+-]?)(inf|infinity|nan)$/i;

/** Python's `int(text)` for base 10, or undefined where Python raises ValueError. */
export function parsePythonInt(text: string): number | undefined {
  const digits = asciiDigits(pythonStrip(text));
  if (!PYTHON_INT.test(digits)) return undefined;
  // Python ints have no negative zero.
  return Number(digits.replace(/_/g, '')) + 0;
}

/** Python's `float(text)`, or undefined where Python raises ValueError. */
export function parsePythonFloat(text: string): number | undefined {
  const stripped = pythonStrip(text);
  const word = PYTHON_FLOAT_WORD.exec(stripped);
  if (word) {
    if (word[2].toLowerCase() === 'nan') return Number.NaN;
    return word[1] === '-' ? -Infinity : Infinity;
  }
  const digits = asciiDigits(stripped);
  if (!PYTHON_FLOAT.test(digits)) return undefined;
  return Number(digits.replace(/_/g, ''));
}

/** Python's `<` on two str: by code point, where JavaScript's compares UTF-16 code units. */
export function comparePythonStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
