import { affinityOf, type Affinity } from './affinity';
import { UnsupportedError } from './errors';
import { isKeyword, isName, isPunct, skipGroup, splitTopLevel, tokenize, type Token } from './sqlTokens';

export interface ColumnDef {
  readonly name: string;
  readonly declaredType: string;
  readonly affinity: Affinity;
  /** The DEFAULT expression's tokens; undefined when the column has none. */
  readonly defaultTokens: Token[] | undefined;
  readonly collation: string;
  /** Computed columns that are not stored in the record. */
  readonly virtual: boolean;
}

/** One column of an index: a table column, or an expression (then `name` is its SQL text). */
export interface IndexedColumn {
  readonly name: string;
  readonly isExpression: boolean;
  readonly collation: string | undefined;
  readonly descending: boolean;
}

/** A PRIMARY KEY or UNIQUE constraint, column-level or table-level. */
export interface KeyConstraint {
  readonly kind: 'primary' | 'unique';
  readonly columns: IndexedColumn[];
  /** `x INTEGER PRIMARY KEY DESC` is, by an old quirk, not a rowid alias. */
  readonly columnLevelDescending: boolean;
}

export interface TableDef {
  readonly name: string;
  readonly columns: ColumnDef[];
  /** Key constraints in order of appearance in the SQL, which is the order of their autoindexes. */
  readonly keys: KeyConstraint[];
  readonly withoutRowid: boolean;
}

const COLUMN_CONSTRAINT_START = new Set([
  'CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS',
]);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** Parses `CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name (...) [WITHOUT ROWID] [, STRICT]`. */
export function parseCreateTable(sql: string): TableDef {
  const tokens = tokenize(sql);
  let i = 0;
  const expect = (keyword: string): void => {
    if (!isKeyword(tokens[i], keyword)) throw new UnsupportedError(`expected ${keyword} in: ${sql}`);
    i++;
  };
  expect('CREATE');
  if (isKeyword(tokens[i], 'TEMP') || isKeyword(tokens[i], 'TEMPORARY')) i++;
  expect('TABLE');
  if (isKeyword(tokens[i], 'IF')) i += 3; // IF NOT EXISTS
  if (!isName(tokens[i])) throw new UnsupportedError(`expected a table name in: ${sql}`);
  let name = tokens[i++].text;
  if (isPunct(tokens[i], '.') && isName(tokens[i + 1])) {
    name = tokens[i + 1].text;
    i += 2;
  }
  if (!isPunct(tokens[i], '(')) throw new UnsupportedError(`expected a column list in: ${sql}`);
  const close = skipGroup(tokens, i);
  const columns: ColumnDef[] = [];
  const keys: KeyConstraint[] = [];
  for (const item of splitTopLevel(tokens, i + 1, close - 1)) {
    if (item.length === 0) continue;
    if (item[0].kind === 'word' && TABLE_CONSTRAINT_START.has(item[0].text.toUpperCase())) {
      parseTableConstraint(item, keys);
    } else {
      columns.push(parseColumn(sql, item, keys));
    }
  }
  const options = tokens.slice(close);
  const withoutRowid = options.some((t, k) => isKeyword(t, 'WITHOUT') && isKeyword(options[k + 1], 'ROWID'));
  return { name, columns, keys, withoutRowid };
}

function parseColumn(sql: string, item: Token[], keys: KeyConstraint[]): ColumnDef {
  const name = item[0].text;
  let i = 1;
  const typeStart = i;
  while (i < item.length && isName(item[i]) && !(item[i].kind === 'word' && COLUMN_CONSTRAINT_START.has(item[i].text.toUpperCase()))) i++;
  if (i > typeStart && isPunct(item[i], '(')) i = skipGroup(item, i);
  const declaredType = i > typeStart ? sql.slice(item[typeStart].start, item[i - 1].end) : '';
  let defaultTokens: Token[] | undefined;
  let collation = 'BINARY';
  let virtual = false;
  while (i < item.length) {
    const word = item[i].kind === 'word' ? item[i].text.toUpperCase() : '';
    if (word === 'CONSTRAINT' || word === 'COLLATE' || word === 'ON' || word === 'SET' || word === 'MATCH') {
      if (word === 'COLLATE') collation = item[i + 1]?.text.toUpperCase() ?? collation;
      i += 2; // the keyword and its name/argument (SET NULL and SET DEFAULT are not constraints)
    } else if (word === 'PRIMARY') {
      i += 2;
      const descending = isKeyword(item[i], 'DESC');
      if (descending || isKeyword(item[i], 'ASC')) i++;
      keys.push({ kind: 'primary', columns: [{ name, isExpression: false, collation: undefined, descending }], columnLevelDescending: descending });
    } else if (word === 'UNIQUE') {
      i++;
      keys.push({ kind: 'unique', columns: [{ name, isExpression: false, collation: undefined, descending: false }], columnLevelDescending: false });
    } else if (word === 'DEFAULT') {
      const from = i + 1;
      if (isPunct(item[from], '(')) i = skipGroup(item, from);
      else if ((isPunct(item[from], '-') || isPunct(item[from], '+')) && item[from + 1]?.kind === 'number') i = from + 2;
      else i = from + 1;
      defaultTokens = item.slice(from, i);
    } else if (word === 'AS') {
      i = skipGroup(item, i + 1);
      virtual = !isKeyword(item[i], 'STORED');
    } else if (word === 'REFERENCES') {
      i += 2;
      if (isPunct(item[i], '(')) i = skipGroup(item, i);
    } else if (isPunct(item[i], '(')) {
      i = skipGroup(item, i); // CHECK (...) and any other parenthesised argument
    } else {
      i++;
    }
  }
  return { name, declaredType, affinity: affinityOf(declaredType), defaultTokens, collation, virtual };
}

function parseTableConstraint(item: Token[], keys: KeyConstraint[]): void {
  let i = 0;
  if (isKeyword(item[i], 'CONSTRAINT')) i += 2;
  const kind = isKeyword(item[i], 'PRIMARY') ? 'primary' : isKeyword(item[i], 'UNIQUE') ? 'unique' : undefined;
  if (kind === undefined) return; // CHECK and FOREIGN KEY create no index
  while (i < item.length && !isPunct(item[i], '(')) i++;
  const close = skipGroup(item, i);
  keys.push({ kind, columns: parseIndexedColumns(item, i + 1, close - 1, ''), columnLevelDescending: false });
}

/** Parses `expr [COLLATE name] [ASC|DESC], ...` in tokens[from, to); `sql` recovers expression text. */
export function parseIndexedColumns(tokens: Token[], from: number, to: number, sql: string): IndexedColumn[] {
  return splitTopLevel(tokens, from, to).map((part) => {
    let end = part.length;
    let descending = false;
    if (isKeyword(part[end - 1], 'DESC') || isKeyword(part[end - 1], 'ASC')) {
      descending = isKeyword(part[end - 1], 'DESC');
      end--;
    }
    let collation: string | undefined;
    if (end >= 2 && isKeyword(part[end - 2], 'COLLATE')) {
      collation = part[end - 1].text.toUpperCase();
      end -= 2;
    }
    const isExpression = end !== 1 || !isName(part[0]);
    const name = isExpression ? sql.slice(part[0].start, part[end - 1].end) : part[0].text;
    return { name, isExpression, collation, descending };
  });
}
