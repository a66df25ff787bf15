// One line of a run's metric file, as MLflow's FileStore._get_metric_from_line reads it:
// `timestamp value [step]` or `timestamp value step dataset_name dataset_digest`. MLflow takes
// the step only from 3-field lines, so a line logged with a dataset reads back with step 0.
import { decimalToDouble } from './decimalToDouble';
import { parsePythonFloat, parsePythonInt, pythonSplitLines, pythonStrip } from './pythonText';

const SPACE = 0x20;
const CR = 0x0d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses metric lines straight from bytes without allocating per line. `parse` fills the public
 * fields and returns true, or returns false for anything the fast grammar does not cover; the
 * caller then asks `parseSlow`, which follows Python to the letter.
 */
export class MetricLineParser {
  timestamp = 0;
  /** NaN when the parser is lazy: then `valueStart`/`valueEnd` locate the value's text */
  value = 0;
  step = 0;
  valueStart = 0;
  valueEnd = 0;
  private pos = 0;
  private number = 0;
  // The buffer as one latin1 string, made on first need: a substring of it converts with Number()
  // at half the cost of a fresh string per value.
  private text: string | undefined;

  /**
   * A lazy parser checks each value's syntax but converts it only when asked (`valueAt`): the
   * latest value of a file needs one conversion, not one per line.
   */
  constructor(
    private readonly buf: Buffer,
    private lazy = false,
  ) {}

  /** The value whose text a lazy parse located. */
  valueAt(start: number, end: number): number {
    const lazy = this.lazy;
    this.lazy = false;
    this.pos = start;
    this.float(end);
    this.lazy = lazy;
    return this.number;
  }

  /** The line is the bytes [start, end), without its `\n`. */
  parse(start: number, end: number): boolean {
    const buf = this.buf;
    if (end > start && buf[end - 1] === CR) end--;
    this.pos = start;
    if (!this.integer(end) || buf[this.pos] !== SPACE) return false;
    this.timestamp = this.number;
    this.pos++;
    this.valueStart = this.pos;
    if (!this.float(end)) return false;
    this.valueEnd = this.pos;
    this.value = this.number;
    this.step = 0;
    if (this.pos === end) return true;
    if (buf[this.pos] !== SPACE) return false;
    this.pos++;
    if (!this.integer(end)) return false;
    if (this.pos === end) {
      this.step = this.number;
      return true;
    }
    if (buf[this.pos] !== SPACE) return false;
    this.pos++;
    if (!this.token(end) || buf[this.pos] !== SPACE) return false;
    this.pos++;
    return this.token(end) && this.pos === end;
  }

  /**
   * Python's reading of the bytes [start, end) (terminated by `\n` when `terminated`): codecs'
   * readlines() may split them further. Returns the points and how many lines MLflow would reject.
   */
  parseSlow(
    start: number,
    end: number,
    terminated: boolean,
  ): { points: Array<[number, number, number]>; bad: number } {
    let text: string;
    try {
      text = utf8.decode(this.buf.subarray(start, end)) + (terminated ? '\n' : '');
    } catch {
      return { points: [], bad: 1 };
    }
    const points: Array<[number, number, number]> = [];
    let bad = 0;
    for (const line of pythonSplitLines(text)) {
      const point = parseRunMetricText(line);
      if (point) points.push(point);
      else bad++;
    }
    return { points, bad };
  }

  // The number parsers leave their result in `number` so that no double is boxed to return it.
  private integer(end: number): boolean {
    const buf = this.buf;
    let pos = this.pos;
    const negative = buf[pos] === MINUS;
    if (negative) pos++;
    const first = pos;
    let result = 0;
    while (pos < end) {
      const digit = buf[pos] - ZERO;
      if (digit < 0 || digit > 9) break;
      result = result * 10 + digit;
      pos++;
    }
    if (pos === first || pos - first > 15) return false;
    this.pos = pos;
    // Python ints have no negative zero.
    this.number = negative ? 0 - result : result;
    return true;
  }

  private float(end: number): boolean {
    if (this.lazy) return this.skipFloat(end);
    const buf = this.buf;
    let pos = this.pos;
    const negative = buf[pos] === MINUS;
    if (negative) pos++;
    const unsignedStart = pos;
    let c = buf[pos];
    if (c === 0x6e /* n */ || c === 0x69 /* i */) return this.word(pos, end, negative);
    // The first 15 significant digits go to `hi` (exact), up to 4 more to `lo`.
    let hi = 0;
    let lo = 0;
    let loDigits = 0;
    let significant = 0;
    let digits = 0;
    let fraction = 0;
    let inFraction = false;
    for (;;) {
      if (pos < end && c >= ZERO && c <= NINE) {
        const digit = c - ZERO;
        if (significant > 0 || digit !== 0) {
          if (significant < 15) hi = hi * 10 + digit;
          else if (loDigits < 5) {
            lo = lo * 10 + digit;
            loDigits++;
          }
          significant++;
        }
        digits++;
        if (inFraction) fraction++;
      } else if (c === DOT && !inFraction) {
        inFraction = true;
      } else {
        break;
      }
      c = buf[++pos];
    }
    if (digits === 0) return false;
    let exponent = 0;
    if (pos < end && (c === 0x65 /* e */ || c === 0x45) /* E */) {
      c = buf[++pos];
      const sign = c === MINUS ? -1 : 1;
      if (c === MINUS || c === PLUS) c = buf[++pos];
      const first = pos;
      while (pos < end && c >= ZERO && c <= NINE) {
        exponent = exponent * 10 + (c - ZERO);
        c = buf[++pos];
      }
      if (pos === first || pos - first > 5) return false;
      exponent *= sign;
    }
    if (pos < end && c !== SPACE) return false;
    this.pos = pos;
    // Digits dropped beyond the 19th (or a rare undecided rounding) leave it to Number().
    let value = significant > 19 ? Number.NaN : decimalToDouble(hi, lo, loDigits, exponent - fraction);
    if (Number.isNaN(value)) {
      this.text ??= buf.toString('latin1');
      value = Number(this.text.substring(unsignedStart, pos));
    }
    this.number = negative ? -value : value;
    return true;
  }

  /** The syntax check of `float` alone, for a lazy parser; leaves NaN in `number`. */
  private skipFloat(end: number): boolean {
    const buf = this.buf;
    let pos = this.pos;
    if (buf[pos] === MINUS) pos++;
    let c = buf[pos];
    if (c === 0x6e /* n */ || c === 0x69 /* i */) return this.word(pos, end, false);
    const first = pos;
    while (pos < end && c >= ZERO && c <= NINE) c = buf[++pos];
    let digits = pos - first;
    if (c === DOT) {
      const afterDot = ++pos;
      c = buf[pos];
      while (pos < end && c >= ZERO && c <= NINE) c = buf[++pos];
      digits += pos - afterDot;
    }
    if (digits === 0) return false;
    if (pos < end && (c === 0x65 /* e */ || c === 0x45) /* E */) {
      c = buf[++pos];
      if (c === MINUS || c === PLUS) c = buf[++pos];
      const exponentStart = pos;
      while (pos < end && c >= ZERO && c <= NINE) c = buf[++pos];
      if (pos === exponentStart || pos - exponentStart > 5) return false;
    }
    if (pos < end && c !== SPACE) return false;
    this.pos = pos;
    this.number = Number.NaN;
    return true;
  }

  private word(pos: number, end: number, negative: boolean): boolean {
    const buf = this.buf;
    const nan = buf[pos] === 0x6e && buf[pos + 1] === 0x61 && buf[pos + 2] === 0x6e;
    const inf = buf[pos] === 0x69 && buf[pos + 1] === 0x6e && buf[pos + 2] === 0x66;
    if (!nan && !inf) return false;
    pos += 3;
    if (pos < end && buf[pos] !== SPACE) return false;
    this.pos = pos;
    if (nan) this.number = Number.NaN;
    else this.number = negative ? -Infinity : Infinity;
    return true;
  }

  private token(end: number): boolean {
    const buf = this.buf;
    const first = this.pos;
    while (this.pos < end && buf[this.pos] > SPACE && buf[this.pos] < 0x7f) this.pos++;
    return this.pos > first;
  }
}

/** One line as Python reads it: `[timestamp, value, step]`, or undefined where MLflow raises. */
export function parseRunMetricText(line: string): [number, number, number] | undefined {
  const fields = pythonStrip(line).split(' ');
  if (fields.length !== 2 && fields.length !== 3 && fields.length !== 5) return undefined;
  const timestamp = parsePythonInt(fields[0]);
  const value = parsePythonFloat(fields[1]);
  const step = fields.length === 3 ? parsePythonInt(fields[2]) : 0;
  if (timestamp === undefined || value === undefined || step === undefined) return undefined;
  return [timestamp, value, step];
}
