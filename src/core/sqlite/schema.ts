import { parseCreateIndex } from './createIndex';
import { parseCreateTable, type IndexedColumn, type KeyConstraint, type TableDef } from './createTable';
import type { Payload } from './btree';
import type { Pager } from './pager';
import { RecordDecoder, type SqlValue } from './record';
import { TableScan } from './tableTree';

export const SCHEMA_TABLE_SQL = 'CREATE TABLE sqlite_schema(type text, name text, tbl_name text, rootpage integer, sql text)';

export interface SchemaIndex {
  readonly name: string;
  readonly rootPage: number;
  readonly columns: IndexedColumn[];
  readonly unique: boolean;
  readonly partial: boolean;
  /** The b-tree of a WITHOUT ROWID table doubles as its primary key index. */
  readonly isTableTree: boolean;
}

export interface SchemaTable {
  readonly name: string;
  readonly rootPage: number;
  readonly sql: string;
  /** Why this table cannot be read (a parse failure, a virtual table), raised when it is opened. */
  readonly problem: Error | undefined;
  readonly def: TableDef | undefined;
  readonly indexes: SchemaIndex[];
}

export interface Schema {
  readonly cookie: number;
  readonly tables: ReadonlyMap<string, SchemaTable>;
  /** Table names in schema order. */
  readonly tableNames: readonly string[];
}

/** SQLite folds only ASCII letters when it compares identifiers. */
export function foldName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

interface SchemaRow {
  type: string;
  name: string;
  table: string;
  rootPage: number;
  sql: string | null;
}

/** Reads sqlite_schema (the table b-tree rooted at page 1). */
export function readSchema(pager: Pager, cookie: number, decodeText: (buf: Buffer, start: number, end: number) => string): Schema {
  const decoder = new RecordDecoder(decodeText);
  const values: SqlValue[] = [];
  const decode = (payload: Payload): SchemaRow => {
    values.length = 0;
    const count = decoder.decode(payload.buf, payload.start, payload.end, values, 5);
    for (let i = count; i < 5; i++) values[i] = null;
    return {
      type: String(values[0]),
      name: String(values[1]),
      table: String(values[2]),
      rootPage: Number(values[3] ?? 0),
      sql: typeof values[4] === 'string' ? values[4] : null,
    };
  };
  const rows = [...new TableScan(pager, 1, decode)];
  const tables = new Map<string, SchemaTable & { indexes: SchemaIndex[] }>();
  const tableNames: string[] = [];
  for (const row of rows) {
    if (row.type !== 'table') continue;
    tableNames.push(row.name);
    tables.set(foldName(row.name), describeTable(row));
  }
  for (const row of rows) {
    if (row.type !== 'index') continue;
    const table = tables.get(foldName(row.table));
    if (table === undefined || table.def === undefined) continue;
    const index = describeIndex(row, table.def);
    if (index !== undefined) table.indexes.push(index);
  }
  return { cookie, tables, tableNames };
}

function describeTable(row: SchemaRow): SchemaTable & { indexes: SchemaIndex[] } {
  const sql = row.sql ?? '';
  const base = { name: row.name, rootPage: row.rootPage, sql, indexes: [] as SchemaIndex[] };
  if (row.rootPage === 0) {
    return { ...base, def: undefined, problem: new Error(`"${row.name}" is a virtual table, which has no b-tree to read`) };
  }
  try {
    const def = parseCreateTable(sql);
    const indexes: SchemaIndex[] = [];
    if (def.withoutRowid) {
      const pk = autoindexKeys(def).find(({ key }) => key.kind === 'primary');
      if (pk !== undefined) {
        indexes.push({ name: autoindexName(def.name, pk.number), rootPage: row.rootPage, columns: withCollations(pk.key.columns, def), unique: true, partial: false, isTableTree: true });
      }
    }
    return { ...base, def, problem: undefined, indexes };
  } catch (error) {
    return { ...base, def: undefined, problem: error instanceof Error ? error : new Error(String(error)) };
  }
}

function describeIndex(row: SchemaRow, def: TableDef): SchemaIndex | undefined {
  if (row.sql !== null) {
    try {
      const index = parseCreateIndex(row.sql);
      return { name: row.name, rootPage: row.rootPage, columns: withCollations(index.columns, def), unique: index.unique, partial: index.partial, isTableTree: false };
    } catch {
      return undefined; // an index we cannot parse is one we do not offer; the table stays readable
    }
  }
  const auto = autoindexKeys(def).find(({ number }) => autoindexName(def.name, number) === row.name);
  if (auto === undefined) return undefined;
  return { name: row.name, rootPage: row.rootPage, columns: withCollations(auto.key.columns, def), unique: true, partial: false, isTableTree: false };
}

function autoindexName(table: string, number: number): string {
  return `sqlite_autoindex_${table}_${number}`;
}

/**
 * The key constraints that got an automatic index, numbered as SQLite numbers them:
 * in order of appearance, skipping an INTEGER PRIMARY KEY (the rowid itself) and any
 * constraint on the same columns and collations as an earlier one.
 */
export function autoindexKeys(def: TableDef): { key: KeyConstraint; number: number }[] {
  const result: { key: KeyConstraint; number: number }[] = [];
  const seen: string[] = [];
  const alias = rowidAliasColumn(def);
  for (const key of def.keys) {
    if (key.kind === 'primary' && alias >= 0) continue;
    const signature = withCollations(key.columns, def).map((c) => `${foldName(c.name)}\u0000${c.collation}`).join('\u0001');
    if (seen.includes(signature)) continue;
    seen.push(signature);
    result.push({ key, number: result.length + 1 });
  }
  return result;
}

/** The column that aliases the rowid (`INTEGER PRIMARY KEY`), or -1. */
export function rowidAliasColumn(def: TableDef): number {
  if (def.withoutRowid) return -1;
  const pk = def.keys.find((key) => key.kind === 'primary');
  if (pk === undefined || pk.columns.length !== 1 || pk.columnLevelDescending) return -1;
  const index = def.columns.findIndex((c) => foldName(c.name) === foldName(pk.columns[0].name));
  return index >= 0 && def.columns[index].declaredType.toUpperCase() === 'INTEGER' ? index : -1;
}

/** Index columns take the table column's spelling, and its collation unless they name their own. */
function withCollations(columns: IndexedColumn[], def: TableDef): IndexedColumn[] {
  return columns.map((column) => {
    const tableColumn = column.isExpression ? undefined : def.columns.find((c) => foldName(c.name) === foldName(column.name));
    return { ...column, name: tableColumn?.name ?? column.name, collation: column.collation ?? tableColumn?.collation ?? 'BINARY' };
  });
}
