// MLflow parses filters and order_by clauses with the `sqlparse` package, and which filters it
// accepts follows from how sqlparse splits the text. This is sqlparse 0.5/0.6's lexer
// (keywords.SQL_REGEX, tried in order, case-insensitive), reduced to the token types that decide
// MLflow's answer.
import { PY_DIGIT, PY_SPACE, PY_WORD } from './pythonText';

export type LeafKind =
  | 'whitespace'
  | 'newline'
  | 'comment' // sqlparse Comment.Single: ends a statement after ';' like whitespace does
  | 'comment-other' // hints and /* */ comments
  | 'name' // Name: words, `quoted`, [bracketed]
  | 'placeholder' // Name.Placeholder: ?, :x, %s
  | 'builtin' // Name.Builtin: DOUBLE PRECISION
  | 'keyword'
  | 'order' // Keyword.Order: ASC / DESC
  | 'string' // String.Single: '...'
  | 'symbol' // String.Symbol: "..."
  | 'integer'
  | 'float'
  | 'number' // other numbers (hexadecimal)
  | 'comparison' // Operator.Comparison
  | 'operator'
  | 'punctuation'
  | 'wildcard'
  | 'other';

export interface SqlLeaf {
  readonly kind: LeafKind;
  readonly text: string;
}

const W = PY_WORD;
const S = PY_SPACE;
const D = PY_DIGIT;
const LETTER = '[A-ZÀ-Ü]';
// Python's `\b` after a word character
const END = `(?!${W})`;

/** Words sqlparse looks up as keywords that matter to MLflow; every other word is a Name. */
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'NULL', 'IS', 'TRUE', 'FALSE', 'BETWEEN', 'EXISTS', 'SELECT', 'WHERE']);

type Action = LeafKind | 'keyword-or-name';

const RULES: [string, Action][] = [
  ['(--|# )\\+[^\\n]*?(\\r\\n|\\r|\\n|$)', 'comment-other'],
  ['(--|# )[^\\n]*?(\\r\\n|\\r|\\n|$)', 'comment'],
  ['(\\r\\n|\\r|\\n)', 'newline'],
  [`${S}`, 'whitespace'],
  [':=', 'other'],
  ['::', 'punctuation'],
  ['\\*', 'wildcard'],
  ['`(``|[^`])*`', 'name'],
  ['´(´´|[^´])*´', 'name'],
  ['\\?', 'placeholder'],
  [`%(\\(${W}+\\))?s`, 'placeholder'],
  [`(?<!${W})[$:?]${W}+`, 'placeholder'],
  [`\\\\${W}+`, 'other'],
  [`(CASE|IN|VALUES|USING|FROM|AS)${END}`, 'keyword'],
  [`(@|##|#)${LETTER}${W}+`, 'name'],
  [`${LETTER}${W}*(?=${S}*\\.(?!${D}))`, 'name'],
  [`(?<=\\.)${LETTER}${W}*`, 'name'],
  [`${LETTER}${W}*(?=\\()`, 'name'],
  [`-?0x[${D}A-F]+`, 'number'],
  [`-?${D}+(\\.${D}+)?E-?${D}+`, 'float'],
  [`(?![_A-ZÀ-Ü])-?(${D}+(\\.${D}*)|\\.${D}+)(?![_A-ZÀ-Ü])`, 'float'],
  [`(?![_A-ZÀ-Ü])-?${D}+(?![_A-ZÀ-Ü])`, 'integer'],
  ["'(''|\\\\'|[^'])*'", 'string'],
  ['"(""|\\\\"|[^"])*"', 'symbol'],
  ['(""|"[^\\n]*?[^\\\\]")', 'symbol'],
  [`(?<![\\p{L}\\p{N}_\\])])(\\[[^\\]\\[]+\\])`, 'name'],
  [`((LEFT${S}+|RIGHT${S}+|FULL${S}+)?(INNER${S}+|OUTER${S}+|STRAIGHT${S}+)?|(CROSS${S}+|NATURAL${S}+)?)?JOIN${END}`, 'keyword'],
  [`END(${S}+IF|${S}+LOOP|${S}+WHILE|${S}+FOR|${S}+CASE)?${END}`, 'keyword'],
  [`IF${S}+(NOT${S}+)?EXISTS${END}`, 'keyword'],
  [`NOT${S}+NULL${END}`, 'keyword'],
  [`(ASC|DESC)(${S}+NULLS${S}+(FIRST|LAST))?${END}`, 'order'],
  [`NULLS${S}+(FIRST|LAST)${END}`, 'order'],
  [`(UNION${S}+ALL|CREATE(${S}+OR${S}+REPLACE)?|GROUP${S}+BY|ORDER${S}+BY|PRIMARY${S}+KEY|HANDLER${S}+FOR)${END}`, 'keyword'],
  [`DOUBLE${S}+PRECISION${END}`, 'builtin'],
  [`GO(${S}${D}+)${END}`, 'keyword'],
  [`(LATERAL${S}+VIEW${S}+)(EXPLODE|INLINE|PARSE_URL_TUPLE|POSEXPLODE|STACK)${END}`, 'keyword'],
  [`(AT|WITH')${S}+TIME${S}+ZONE${S}+'[^']+'`, 'keyword'],
  [`(NOT${S}+)?(LIKE|ILIKE|RLIKE)${END}`, 'comparison'],
  [`(NOT${S}+)?(REGEXP)(${S}+(BINARY))?${END}`, 'comparison'],
  [`${W}[$#\\p{L}\\p{N}_]*`, 'keyword-or-name'],
  ['[;:()\\[\\],.]', 'punctuation'],
  ['(->>?|#>>?|@>|<@|\\?\\|?|\\?&|-|#-)', 'operator'],
  ['[<>=~!]+', 'comparison'],
  ['[+/@#%^&|^-]+', 'operator'],
];

const COMPILED = RULES.map(([source, action]) => ({ regex: new RegExp(source, 'iuy'), action }));

const DOLLAR_TAG = new RegExp(`\\$(?:[_A-ZÀ-Ü]${W}*)?\\$`, 'iuy');
const CANNOT_OPEN_DOLLAR = new RegExp(`[\\p{L}\\p{N}_"$]$`, 'u');

/** The end of a `/* ... *\/` comment or `$tag$ ... $tag$` literal opening at `pos`, if it is closed. */
function delimitedSpanEnd(text: string, pos: number): number | undefined {
  if (text.startsWith('/*', pos)) {
    const close = text.indexOf('*/', pos + 2);
    return close < 0 ? undefined : close + 2;
  }
  DOLLAR_TAG.lastIndex = pos;
  const tag = DOLLAR_TAG.exec(text)?.[0];
  if (tag === undefined || CANNOT_OPEN_DOLLAR.test(text.slice(0, pos))) return undefined;
  const close = text.indexOf(tag, pos + tag.length);
  return close < 0 ? undefined : close + tag.length;
}

export function lexSql(text: string): SqlLeaf[] {
  const leaves: SqlLeaf[] = [];
  let pos = 0;
  while (pos < text.length) {
    const spanEnd = delimitedSpanEnd(text, pos);
    if (spanEnd !== undefined) {
      leaves.push({ kind: text[pos] === '$' ? 'other' : 'comment-other', text: text.slice(pos, spanEnd) });
      pos = spanEnd;
      continue;
    }
    let matched = false;
    for (const { regex, action } of COMPILED) {
      regex.lastIndex = pos;
      const match = regex.exec(text);
      if (!match || match[0].length === 0) continue;
      const word = match[0];
      const kind = action === 'keyword-or-name' ? (KEYWORDS.has(word.toUpperCase()) ? 'keyword' : 'name') : action;
      leaves.push({ kind, text: word });
      pos += word.length;
      matched = true;
      break;
    }
    if (!matched) {
      const char = String.fromCodePoint(text.codePointAt(pos)!);
      leaves.push({ kind: 'other', text: char });
      pos += char.length;
    }
  }
  return leaves;
}
