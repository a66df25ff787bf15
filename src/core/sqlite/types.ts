import type { SqlValue } from './record';

/** One consistent view of the database, valid only inside the read() callback that received it. */
export interface Snapshot {
  /** Names of the ordinary tables, in schema order. */
  tableNames(): string[];
  /** Opens a table by name (case-insensitive, like SQL); throws SqliteError NO_SUCH_TABLE. */
  table(name: string): Table;
  hasTable(name: string): boolean;
}

export interface Table {
  readonly name: string;
  /** Declared order, unquoted names, from the CREATE TABLE sql. */
  readonly columns: string[];
  /** -1 if absent (older MLflow schemas lack some columns); case-insensitive. */
  columnIndex(name: string): number;
  rowCount(): number;
  /** Rows in rowid order (primary key order for WITHOUT ROWID tables); values in `columns` order. */
  scan(): Iterable<SqlValue[]>;
  getByRowid(rowid: number | bigint): SqlValue[] | undefined;
  /** Throws SqliteError NO_SUCH_INDEX. */
  index(name: string): Index;
  /** An index whose leading columns are exactly these, in order (the shortest such index; never a partial one). */
  indexOn(columns: string[]): Index | undefined;
}

export interface Index {
  readonly name: string;
  readonly columns: string[];
  /**
   * Rows of the table whose leading indexed columns equal `prefix`, in index order.
   * Prefix values get the column's affinity, as in `WHERE column = ?`; a null matches NULL.
   */
  rowsWithPrefix(prefix: SqlValue[]): Iterable<SqlValue[]>;
  /** Just the index entries (indexed values followed by the rowid) with that prefix, in index order. */
  entriesWithPrefix(prefix: SqlValue[]): Iterable<SqlValue[]>;
}
