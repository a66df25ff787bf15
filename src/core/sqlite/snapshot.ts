import type { SnapshotContext } from './context';
import { parseCreateTable } from './createTable';
import { SqliteError } from './errors';
import { SCHEMA_TABLE_SQL, foldName, type Schema, type SchemaTable } from './schema';
import { TableReader } from './tableReader';
import type { Snapshot, Table } from './types';

const SCHEMA_TABLE_NAMES = new Set(['sqlite_schema', 'sqlite_master']);

/** The tables of one consistent view; sqlite_schema itself is readable too but not listed. */
export class SnapshotReader implements Snapshot {
  private readonly opened = new Map<string, TableReader>();

  constructor(
    private readonly ctx: SnapshotContext,
    private readonly schema: Schema,
  ) {}

  tableNames(): string[] {
    return [...this.schema.tableNames];
  }

  hasTable(name: string): boolean {
    const folded = foldName(name);
    return this.schema.tables.has(folded) || SCHEMA_TABLE_NAMES.has(folded);
  }

  table(name: string): Table {
    const folded = foldName(name);
    let table = this.opened.get(folded);
    if (table === undefined) {
      const def = this.schema.tables.get(folded) ?? (SCHEMA_TABLE_NAMES.has(folded) ? schemaTable(name) : undefined);
      if (def === undefined) {
        throw new SqliteError('NO_SUCH_TABLE', this.ctx.path, `no such table "${name}" (tables: ${this.schema.tableNames.join(', ') || 'none'})`);
      }
      table = new TableReader(this.ctx, def);
      this.opened.set(folded, table);
    }
    return table;
  }
}

function schemaTable(name: string): SchemaTable {
  return { name, rootPage: 1, sql: SCHEMA_TABLE_SQL, problem: undefined, def: parseCreateTable(SCHEMA_TABLE_SQL), indexes: [] };
}
