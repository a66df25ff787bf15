import { applyAffinity } from './affinity';
import type { Payload } from './btree';
import { inContext, labelled, type SnapshotContext } from './context';
import { SqliteError } from './errors';
import { IndexSeek } from './indexTree';
import { compareToKey, makeSeekKey, type SeekKey } from './keyCompare';
import { decodeRecord, type SqlValue } from './record';
import { foldName, type SchemaIndex, type SchemaTable } from './schema';
import type { TableReader } from './tableReader';
import type { Index } from './types';
import type { Cursor } from './varint';

/** An index of one snapshot: seeks by leading columns, then reads rows from its table. */
export class IndexReader implements Index {
  readonly name: string;
  readonly columns: string[];
  private readonly label: string;
  /** Where each primary key column sits in an entry of an index on a WITHOUT ROWID table. */
  private readonly primaryKeyFields: number[] | undefined;

  constructor(
    private readonly ctx: SnapshotContext,
    private readonly table: TableReader,
    private readonly def: SchemaIndex,
    schema: SchemaTable,
  ) {
    this.name = def.name;
    this.columns = def.columns.map((c) => c.name);
    this.label = `index "${def.name}" of table "${table.name}" (root page ${def.rootPage})`;
    this.primaryKeyFields = table.withoutRowid && !def.isTableTree ? primaryKeyFieldsOf(def, schema) : undefined;
  }

  entriesWithPrefix(prefix: SqlValue[]): Iterable<SqlValue[]> {
    const key = this.seekKey(prefix);
    const width = this.def.isTableTree ? this.def.columns.length : Infinity;
    return labelled(this.label, () => this.seek(key, (payload, cursor) => {
      const entry: SqlValue[] = [];
      decodeRecord(payload.buf, payload.start, payload.end, entry, width, this.ctx.decodeText, cursor);
      return entry;
    }));
  }

  rowsWithPrefix(prefix: SqlValue[]): Iterable<SqlValue[]> {
    if (this.def.isTableTree) return this.table.rowsOfTableTree(this.seekKey(prefix), this.label);
    const entries = this.entriesWithPrefix(prefix);
    const table = this.table;
    const primaryKeyFields = this.primaryKeyFields;
    const path = this.ctx.path;
    const label = this.label;
    return {
      *[Symbol.iterator](): Iterator<SqlValue[]> {
        for (const entry of entries) {
          const row =
            primaryKeyFields === undefined
              ? table.getByRowid(entry[entry.length - 1] as number | bigint)
              : table.getByPrimaryKey(primaryKeyFields.map((k) => entry[k]));
          // The index and its table are read from one snapshot, so a dangling entry is corruption.
          if (row === undefined) throw new SqliteError('CORRUPT', path, `${label}: an entry points to a row the table does not have`);
          yield row;
        }
      },
    };
  }

  private seekKey(prefix: SqlValue[]): SeekKey {
    const limit = this.def.columns.length + 1;
    if (prefix.length > limit) {
      throw new RangeError(`a prefix of ${prefix.length} values is longer than index "${this.name}" (${limit - 1} columns and the rowid)`);
    }
    const values = prefix.map((value, i) => {
      const column = this.def.columns[i];
      const tableColumn = column === undefined || column.isExpression ? -1 : this.table.columnIndex(column.name);
      return tableColumn >= 0 ? applyAffinity(value, this.table.affinityOf(tableColumn)) : value;
    });
    return inContext(this.label, () => {
      try {
        return makeSeekKey(values, this.def.columns, this.ctx.encoding);
      } catch (error) {
        throw new SqliteError('UNSUPPORTED', this.ctx.path, `${this.label}: ${(error as Error).message}`);
      }
    });
  }

  private seek<T>(key: SeekKey, decode: (payload: Payload, cursor: Cursor) => T): IndexSeek<T> {
    const { pager, encoding, decodeText } = this.ctx;
    const compareCursor: Cursor = { pos: 0 };
    const decodeCursor: Cursor = { pos: 0 };
    return new IndexSeek(
      pager,
      this.def.rootPage,
      (payload) => compareToKey(payload.buf, payload.start, payload.end, key, encoding, decodeText, compareCursor),
      (payload) => decode(payload, decodeCursor),
    );
  }
}

/** Entries of an index on a WITHOUT ROWID table end with the primary key columns the index lacks. */
function primaryKeyFieldsOf(def: SchemaIndex, schema: SchemaTable): number[] {
  const pk = schema.indexes.find((index) => index.isTableTree);
  const fields = def.columns.map((c) => (c.isExpression ? '' : foldName(c.name)));
  return (pk?.columns ?? []).map((column) => {
    const name = foldName(column.name);
    let at = fields.indexOf(name);
    if (at < 0) {
      fields.push(name);
      at = fields.length - 1;
    }
    return at;
  });
}
