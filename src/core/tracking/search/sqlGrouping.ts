// sqlparse's grouping passes (engine/grouping.py), which decide how
// MLflow sees a filter: which tokens become an Identifier, a Comparison or a Parenthesis, and
// what raw text each one carries. The passes run in sqlparse's order, with its quirks (an
// Identifier's text keeps the spaces around a '.', a word after a comparison becomes an alias).
import type { SqlLeaf } from './sqlLexer';
import { type GroupKind, isGroup, isLeaf, isWhitespace, type SqlGroup, type SqlNode } from './sqlStatements';

function nextIndex(list: readonly SqlNode[], index: number): number | undefined {
  for (let i = index + 1; i < list.length; i++) if (!isWhitespace(list[i])) return i;
  return undefined;
}

function previousIndex(list: readonly SqlNode[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) if (!isWhitespace(list[i])) return i;
  return undefined;
}

function groupTokens(list: SqlNode[], kind: GroupKind, start: number, end: number, extend: boolean): SqlGroup {
  const first = list[start];
  if (extend && isGroup(first, kind)) {
    first.children.push(...list.splice(start + 1, end - start));
    return first;
  }
  const group: SqlGroup = { group: kind, children: list.slice(start, end + 1) };
  list.splice(start, end - start + 1, group);
  return group;
}

function matchDelimited(list: SqlNode[], open: string, close: string, kind: GroupKind): void {
  const opens: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const node = list[i];
    if (isGroup(node)) {
      if (node.group !== kind) matchDelimited(node.children, open, close, kind);
    } else if (isLeaf(node, 'punctuation', open)) {
      opens.push(i);
    } else if (isLeaf(node, 'punctuation', close)) {
      const start = opens.pop();
      if (start === undefined) continue;
      groupTokens(list, kind, start, i, false);
      i = start;
    }
  }
}

interface BinaryRule {
  kind: GroupKind;
  match(node: SqlNode): boolean;
  validPrev(node: SqlNode): boolean;
  validNext(node: SqlNode | undefined): boolean;
  post(list: SqlNode[], pidx: number, tidx: number, nidx: number | undefined): [number, number];
  extend: boolean;
  recurse: boolean;
}

const isDelimitedGroup = (node: SqlNode): boolean => isGroup(node, 'parenthesis') || isGroup(node, 'brackets');

/** sqlparse's `_group`, including how it walks a snapshot of the list while grouping it. */
function groupBinary(list: SqlNode[], rule: BinaryRule, delimited: boolean): void {
  const isDelimiter = (node: SqlNode | undefined): boolean =>
    delimited && node !== undefined && (node === list[0] || node === list[list.length - 1]);
  const snapshot = [...list];
  let offset = 0;
  let pidx = 0;
  let prev: SqlNode | undefined;
  for (let idx = 0; idx < snapshot.length; idx++) {
    const token = snapshot[idx];
    const tidx = idx - offset;
    if (tidx < 0 || isWhitespace(token)) continue;
    if (rule.recurse && isGroup(token) && token.group !== rule.kind) {
      groupBinary(token.children, rule, isDelimitedGroup(token));
    }
    if (rule.match(token)) {
      const nidx = nextIndex(list, tidx);
      const next = nidx === undefined ? undefined : list[nidx];
      if (prev && rule.validPrev(prev) && rule.validNext(next) && !isDelimiter(prev) && !isDelimiter(next)) {
        const [from, to] = rule.post(list, pidx, tidx, nidx);
        prev = groupTokens(list, rule.kind, from, to, rule.extend);
        offset += to - from;
        pidx = from;
        continue;
      }
    }
    pidx = tidx;
    prev = token;
  }
}

const always = (): boolean => true;

const PERIOD: BinaryRule = {
  kind: 'identifier',
  match: (n) => isLeaf(n, 'punctuation', '.') || isLeaf(n, 'operator', '->') || isLeaf(n, 'operator', '->>'),
  validPrev: (n) => isGroup(n, 'brackets') || isGroup(n, 'identifier') || isLeaf(n, 'name') || isLeaf(n, 'symbol'),
  validNext: always,
  post: (list, pidx, tidx, nidx) => {
    const next = nidx === undefined ? undefined : list[nidx];
    const joins =
      isGroup(next, 'brackets') || isGroup(next, 'function') ||
      ['name', 'symbol', 'wildcard', 'string'].some((kind) => isLeaf(next, kind as SqlLeaf['kind']));
    return [pidx, joins ? nidx! : tidx];
  },
  extend: true,
  recurse: true,
};

const ARRAYS: BinaryRule = {
  kind: 'identifier',
  match: (n) => isGroup(n, 'brackets'),
  validPrev: (n) =>
    isGroup(n, 'brackets') || isGroup(n, 'identifier') || isGroup(n, 'function') || isLeaf(n, 'name') || isLeaf(n, 'symbol'),
  validNext: always,
  post: (_list, pidx, tidx) => [pidx, tidx],
  extend: true,
  recurse: false,
};

const TYPECASTS: BinaryRule = {
  kind: 'identifier',
  match: (n) => isLeaf(n, 'punctuation', '::'),
  validPrev: always,
  validNext: (n) => n !== undefined,
  post: (_list, pidx, _tidx, nidx) => [pidx, nidx!],
  extend: true,
  recurse: true,
};

// sqlparse tests token types against a tuple by equality there, so subtypes such as hexadecimal
// numbers or Name.Builtin do not count
function isComparisonOperand(node: SqlNode | undefined): boolean {
  if (isGroup(node)) return node.group !== 'brackets' && node.group !== 'comparison';
  return (
    ['name', 'placeholder', 'integer', 'float', 'string', 'symbol'].some((kind) => isLeaf(node, kind as SqlLeaf['kind'])) ||
    isLeaf(node, 'keyword', 'NULL')
  );
}

const isOperationOperand = (node: SqlNode | undefined): boolean =>
  isGroup(node, 'operation') || (isComparisonOperand(node) && !isLeaf(node, 'keyword', 'NULL'));

const OPERATOR: BinaryRule = {
  kind: 'operation',
  match: (n) => isLeaf(n, 'operator') || isLeaf(n, 'wildcard'),
  validPrev: isOperationOperand,
  validNext: isOperationOperand,
  post: (_list, pidx, _tidx, nidx) => [pidx, nidx!],
  extend: false,
  recurse: true,
};

const AS_ALIAS: BinaryRule = {
  kind: 'identifier',
  match: (n) => isLeaf(n, 'keyword', 'AS'),
  validPrev: (n) => isLeaf(n, 'keyword', 'NULL') || !(isLeaf(n, 'keyword') || isLeaf(n, 'order')),
  validNext: (n) => n !== undefined,
  post: (_list, pidx, _tidx, nidx) => [pidx, nidx!],
  extend: true,
  recurse: true,
};

const COMPARISON: BinaryRule = {
  kind: 'comparison',
  match: (n) => isLeaf(n, 'comparison'),
  validPrev: isComparisonOperand,
  validNext: isComparisonOperand,
  post: (_list, pidx, _tidx, nidx) => [pidx, nidx!],
  extend: false,
  recurse: true,
};

/** Applies `pass` to every nested list except groups of `skip`, innermost first (sqlparse's @recurse). */
function recurse(list: SqlNode[], skip: GroupKind | undefined, pass: (list: SqlNode[]) => void): void {
  for (const node of list) {
    if (isGroup(node) && node.group !== skip) recurse(node.children, skip, pass);
  }
  pass(list);
}

function groupFunctions(list: SqlNode[]): void {
  for (let i = 0; i < list.length; i++) {
    const next = nextIndex(list, i);
    const isName = isLeaf(list[i], 'name') || isLeaf(list[i], 'placeholder') || isLeaf(list[i], 'builtin');
    if (isName && next !== undefined && isGroup(list[next], 'parenthesis')) {
      groupTokens(list, 'function', i, next, false);
    }
  }
}

function groupIdentifiers(list: SqlNode[]): void {
  for (let i = 0; i < list.length; i++) {
    const node = list[i];
    if (isLeaf(node, 'name') || isLeaf(node, 'symbol')) list[i] = { group: 'identifier', children: [node] };
  }
}

function groupOrder(list: SqlNode[]): void {
  for (let i = 0; i < list.length; i++) {
    if (!isLeaf(list[i], 'order')) continue;
    const prev = previousIndex(list, i);
    const node = prev === undefined ? undefined : list[prev];
    if (isGroup(node, 'identifier') || isLeaf(node, 'integer') || isLeaf(node, 'float') || isLeaf(node, 'number')) {
      groupTokens(list, 'identifier', prev!, i, false);
      i = prev!;
    }
  }
}

function groupAliases(list: SqlNode[]): void {
  for (let i = 0; i < list.length; i++) {
    const node = list[i];
    const candidate =
      (isGroup(node) && node.group !== 'brackets') || isLeaf(node, 'integer') || isLeaf(node, 'float') || isLeaf(node, 'number');
    const next = nextIndex(list, i);
    if (candidate && next !== undefined && isGroup(list[next], 'identifier')) groupTokens(list, 'identifier', i, next, true);
  }
}

/** The top-level tokens of one statement after sqlparse's grouping passes. */
export function groupStatement(leaves: readonly SqlLeaf[]): SqlNode[] {
  const list: SqlNode[] = [...leaves];
  matchDelimited(list, '[', ']', 'brackets');
  matchDelimited(list, '(', ')', 'parenthesis');
  recurse(list, 'function', groupFunctions);
  groupBinary(list, PERIOD, false);
  groupBinary(list, ARRAYS, false);
  recurse(list, 'identifier', groupIdentifiers);
  recurse(list, 'identifier', groupOrder);
  groupBinary(list, TYPECASTS, false);
  groupBinary(list, OPERATOR, false);
  groupBinary(list, COMPARISON, false);
  groupBinary(list, AS_ALIAS, false);
  recurse(list, undefined, groupAliases);
  return list;
}
