// LIKE and ILIKE as each store does them. The file store turns the pattern into a Python regex
// (`%` -> `.*`, `_` -> `.`), so neither wildcard crosses a line break, a pattern without a
// trailing `%` also matches before one final "\n", and ILIKE folds case across Unicode. On
// sqlite MLflow sets `PRAGMA case_sensitive_like`, wildcards match any character, and ILIKE is
// `lower(x) LIKE lower(y)`, whose lower() folds ASCII letters only.

export type LikeMatcher = (value: string) => boolean;

const REGEX_SYNTAX = /[\^$\\.*+?()[\]{}|/]/g;

function escapeLiteral(text: string): string {
  return text.replace(REGEX_SYNTAX, (ch) => `\\${ch}`);
}

function patternBody(pattern: string, anyRun: string, anyChar: string): string {
  let body = '';
  for (const ch of pattern) body += ch === '%' ? anyRun : ch === '_' ? anyChar : escapeLiteral(ch);
  return body;
}

export function pythonLikeMatcher(pattern: string, ignoreCase: boolean): LikeMatcher {
  const end = pattern.endsWith('%') ? '' : '\\n?$';
  const regex = new RegExp(`^${patternBody(pattern, '[^\\n]*', '[^\\n]')}${end}`, ignoreCase ? 'iu' : 'u');
  return (value) => regex.test(value);
}

const lowerAscii = (text: string): string => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

export function sqliteLikeMatcher(pattern: string, ignoreCase: boolean): LikeMatcher {
  const fold = ignoreCase ? lowerAscii : (text: string): string => text;
  const regex = new RegExp(`^${patternBody(fold(pattern), '[\\s\\S]*', '[\\s\\S]')}$`, 'u');
  return (value) => regex.test(fold(value));
}
