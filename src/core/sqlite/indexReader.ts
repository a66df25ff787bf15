import { applyAffinity, type Affinity } from './affinity';
import type { Payload } from './btree';
import { inContext, labelled, type SnapshotContext } from './context';
import { CorruptionError, SqliteError } from './errors';
import { IndexSeek } from './indexTree';
import { compareToKey, makeSeekKey, type SeekKey } from './keyCompare';
import { RecordDecoder, type SqlValue } from './record';
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
  /** The affinity of each indexed table column (undefined for expressions), applied to prefix values. */
  private readonly affinities: (Affinity | undefined)[];

  constructor(
    private readonly ctx: SnapshotContext,
    private readonly table: TableReader,
    private readonly def: SchemaIndex,
    schema: SchemaTable,
  ) {
    this.name = def.name;
    this.columns = def.columns.map((c) => c.name);
    this.label = `index "${def.name}" of table "${table.name}" (root page ${def.rootPage})`;
    this.affinities = def.columns.map((column) => {
      const tableColumn = column.isExpression ? -1 : table.columnIndex(column.name);
      return tableColumn >= 0 ? table.affinityOf(tableColumn) : undefined;
    });
    this.primaryKeyFields = table.withoutRowid && !def.isTableTree ? primaryKeyFieldsOf(def, schema) : undefined;
  }

  entriesWithPrefix(prefix: SqlValue[]): Iterable<SqlValue[]> {
    const key = this.seekKey(prefix);
    const width = this.def.isTableTree ? this.def.columns.length : Infinity;
    return labelled(this.label, () => {
      const decoder = new RecordDecoder(this.ctx.decodeText);
      return this.seek(key, (payload) => {
        const entry: SqlValue[] = [];
        decoder.decode(payload.buf, payload.start, payload.end, entry, width);
        return entry;
      });
    });
  }

  rowsWithPrefix(prefix: SqlValue[]): Iterable<SqlValue[]> {
    const key = this.seekKey(prefix);
    if (this.def.isTableTree) return this.table.rowsOfTableTree(key, this.label);
    const table = this.table;
    const primaryKeyFields = this.primaryKeyFields;
    const missingRow = (): Error => new CorruptionError('an index entry points to a row the table does not have');
    return labelled(this.label, () => {
      const decoder = new RecordDecoder(this.ctx.decodeText);
      if (primaryKeyFields === undefined) {
        // Only the rowid that ends each entry is needed: the indexed values are not decoded.
        const rowids = this.seek(key, (payload) => decoder.lastInteger(payload.buf, payload.start, payload.end));
        return mapped(rowids, (rowid) => table.rowAt(rowid) ?? throwError(missingRow()));
      }
      const entries = this.seek(key, (payload) => {
        const entry: SqlValue[] = [];
        decoder.decode(payload.buf, payload.start, payload.end, entry, Infinity);
        return entry;
      });
      return mapped(entries, (entry) => table.getByPrimaryKey(primaryKeyFields.map((k) => entry[k])) ?? throwError(missingRow()));
    });
  }

  private seekKey(prefix: SqlValue[]): SeekKey {
    const limit = this.def.columns.length + 1;
    if (prefix.length > limit) {
      throw new RangeError(`a prefix of ${prefix.length} values is longer than index "${this.name}" (${limit - 1} columns and the rowid)`);
    }
    const values = prefix.map((value, i) => {
      if (typeof value === 'number' && Number.isNaN(value)) return null; // SQLite binds NaN as NULL
      const affinity = this.affinities[i];
      return affinity === undefined ? value : applyAffinity(value, affinity);
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

function mapped<A, B>(source: Iterator<A>, map: (value: A) => B): Iterator<B> {
  return {
    next(): IteratorResult<B> {
      const result = source.next();
      return result.done ? { value: undefined, done: true } : { value: map(result.value), done: false };
    },
  };
}

function throwError(error: Error): never {
  throw error;
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
