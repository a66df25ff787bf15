// The token tree of a sqlparse statement: leaves from the lexer, groups from the grouping passes,
// and sqlparse's StatementSplitter.
import type { SqlLeaf } from './sqlLexer';

export type GroupKind = 'parenthesis' | 'brackets' | 'function' | 'identifier' | 'operation' | 'comparison';

export interface SqlGroup {
  readonly group: GroupKind;
  readonly children: SqlNode[];
}

export type SqlNode = SqlLeaf | SqlGroup;

export function isGroup(node: SqlNode | undefined, kind?: GroupKind): node is SqlGroup {
  return node !== undefined && 'group' in node && (kind === undefined || node.group === kind);
}

export function isLeaf(node: SqlNode | undefined, kind: SqlLeaf['kind'], text?: string): node is SqlLeaf {
  if (node === undefined || 'group' in node || node.kind !== kind) return false;
  return text === undefined || node.text.toUpperCase() === text;
}

export function nodeText(node: SqlNode): string {
  return 'group' in node ? node.children.map(nodeText).join('') : node.text;
}

export function isWhitespace(node: SqlNode): boolean {
  return isLeaf(node, 'whitespace') || isLeaf(node, 'newline');
}

/** sqlparse's StatementSplitter: ';' outside parentheses ends a statement. */
export function splitStatements(leaves: readonly SqlLeaf[]): SqlLeaf[][] {
  const statements: SqlLeaf[][] = [];
  let current: SqlLeaf[] = [];
  let level = 0;
  let ended = false;
  for (const leaf of leaves) {
    // a newline after ';' starts the next statement, spaces and `--` comments do not
    if (ended && leaf.kind !== 'whitespace' && leaf.kind !== 'comment') {
      statements.push(current);
      current = [];
      level = 0;
      ended = false;
    }
    if (isLeaf(leaf, 'punctuation', '(')) level++;
    else if (isLeaf(leaf, 'punctuation', ')')) level--;
    current.push(leaf);
    if (isLeaf(leaf, 'punctuation', ';') && level <= 0) ended = true;
  }
  if (current.length > 0 && !current.every(isWhitespace)) statements.push(current);
  return statements;
}
