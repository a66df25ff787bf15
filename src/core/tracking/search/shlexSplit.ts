// MLflow splits an order_by clause into key and direction with Python's shlex.split (POSIX mode,
// no comments), after turning backticks into double quotes.

export class ShlexError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
// inside double quotes a backslash only escapes these
const ESCAPABLE_IN_QUOTES = new Set(['"', '\\']);

export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else if (quote === '"' && ch === '\\' && i + 1 < text.length && ESCAPABLE_IN_QUOTES.has(text[i + 1])) word += text[++i];
      else word += ch;
    } else if (WHITESPACE.has(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) throw new ShlexError('No escaped character');
      word += text[++i];
      inWord = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new ShlexError('No closing quotation');
  if (inWord) words.push(word);
  return words;
}
