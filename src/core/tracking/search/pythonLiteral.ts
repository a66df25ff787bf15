// MLflow reads the list of an `IN (...)` comparison with Python's ast.literal_eval on the raw
// text of the parenthesis. This accepts what literal_eval turns into a str or a tuple of them:
// string literals (any quotes, u/r prefixes, escapes, implicit concatenation), nested
// parentheses, trailing commas, comments and line breaks. Anything else literal_eval rejects or
// turns into a non-string, which MLflow rejects too, so it is reported as not a string list.
import { pyRepr } from './pythonText';

/** A str, a tuple, or anything else (kept as its source text). */
export type LiteralValue = string | LiteralValue[] | { other: string };

export class LiteralSyntaxError extends Error {}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

class LiteralReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseAll(): LiteralValue {
    const value = this.expression();
    this.skipBlank();
    if (this.pos < this.text.length) throw new LiteralSyntaxError('unexpected text after the literal');
    return value;
  }

  private skipBlank(): void {
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\n' || ch === '\r') this.pos++;
      else if (ch === '\\' && this.text[this.pos + 1] === '\n') this.pos += 2;
      else if (ch === '#') while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      else break;
    }
  }

  private expression(): LiteralValue {
    this.skipBlank();
    const ch = this.text[this.pos];
    if (ch === '(') return this.tuple();
    const prefix = /^[A-Za-z]{0,2}(?=['"])/.exec(this.text.slice(this.pos));
    if (prefix) return this.strings();
    const word = /^[^\s,()#]+/.exec(this.text.slice(this.pos));
    if (!word) throw new LiteralSyntaxError('expected a literal');
    this.pos += word[0].length;
    return { other: word[0] };
  }

  private tuple(): LiteralValue {
    this.pos++;
    const items: LiteralValue[] = [];
    let sawComma = false;
    for (;;) {
      this.skipBlank();
      if (this.text[this.pos] === ')') {
        this.pos++;
        return items.length === 1 && !sawComma ? items[0] : items;
      }
      if (items.length > 0 && !sawComma) throw new LiteralSyntaxError('expected a comma');
      items.push(this.expression());
      this.skipBlank();
      sawComma = this.text[this.pos] === ',';
      if (sawComma) this.pos++;
      else if (this.text[this.pos] !== ')') throw new LiteralSyntaxError('expected , or )');
    }
  }

  /** One or more adjacent string literals, concatenated. */
  private strings(): LiteralValue {
    const start = this.pos;
    let result = '';
    let other = false;
    let count = 0;
    for (;;) {
      this.skipBlank();
      const prefix = /^[A-Za-z]{0,2}(?=['"])/.exec(this.text.slice(this.pos));
      if (!prefix) break;
      const flags = prefix[0].toLowerCase();
      if (!['', 'u', 'r', 'b', 'f', 'br', 'rb', 'fr', 'rf'].includes(flags)) throw new LiteralSyntaxError('bad prefix');
      this.pos += prefix[0].length;
      const body = this.stringBody(flags.includes('r'));
      if (flags.includes('b') || flags.includes('f')) other = true;
      else result += body;
      count++;
    }
    if (count === 0) throw new LiteralSyntaxError('expected a string');
    return other ? { other: this.text.slice(start, this.pos).trim() } : result;
  }

  private stringBody(raw: boolean): string {
    const text = this.text;
    const quote = text.startsWith(text[this.pos].repeat(3), this.pos) ? text[this.pos].repeat(3) : text[this.pos];
    this.pos += quote.length;
    let value = '';
    while (!text.startsWith(quote, this.pos)) {
      if (this.pos >= text.length) throw new LiteralSyntaxError('unterminated string');
      const ch = text[this.pos];
      if (ch === '\n' && quote.length === 1) throw new LiteralSyntaxError('line break in a string');
      if (ch !== '\\') {
        value += ch;
        this.pos++;
      } else if (raw) {
        value += text.slice(this.pos, this.pos + 2);
        this.pos += 2;
      } else {
        value += this.escape();
      }
    }
    this.pos += quote.length;
    return value;
  }

  private escape(): string {
    const next = this.text[this.pos + 1] ?? '';
    this.pos += 2;
    if (next === '\n') return '';
    if (next in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[next];
    if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{0,2}/.exec(this.text.slice(this.pos))![0];
      this.pos += digits.length;
      return String.fromCodePoint(parseInt(next + digits, 8));
    }
    const width = { x: 2, u: 4, U: 8 }[next];
    if (width !== undefined) {
      const hex = this.text.slice(this.pos, this.pos + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new LiteralSyntaxError('truncated escape');
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new LiteralSyntaxError('escape out of range');
      this.pos += width;
      return String.fromCodePoint(code);
    }
    if (next === 'N') throw new LiteralSyntaxError('named escapes are not supported');
    return `\\${next}`;
  }
}

export function literalEval(text: string): LiteralValue {
  return new LiteralReader(text.replace(/^[ \t]+/, '')).parseAll();
}

/** repr() of what literal_eval returned, as MLflow prints it: a tuple, or the value in one. */
export function literalTupleRepr(value: LiteralValue): string {
  const repr = (item: LiteralValue): string =>
    typeof item === 'string' ? pyRepr(item) : Array.isArray(item) ? literalTupleRepr(item) : item.other;
  const items = Array.isArray(value) ? value : [value];
  return `(${items.map(repr).join(', ')}${items.length === 1 ? ',' : ''})`;
}
