import type { Affinity } from './affinity';
import type { Payload } from './btree';
import { inContext, labelled, type SnapshotContext } from './context';
import { defaultValue } from './defaultValue';
import { SqliteError } from './errors';
import { IndexReader } from './indexReader';
import { IndexSeek } from './indexTree';
import { compareToKey, makeSeekKey, type SeekKey } from './keyCompare';
import { RecordDecoder, type SqlValue } from './record';
import { foldName, rowidAliasColumn, type SchemaTable } from './schema';
import { TableScan, countEntries, findRowid } from './tableTree';
import type { Index, Table } from './types';
import type { Cursor } from './varint';

type MissingValue = { value: SqlValue } | { error: Error };

/** A table of one snapshot: decodes records into rows in declared column order. */
export class TableReader implements Table {
  readonly name: string;
  readonly columns: string[];
  private readonly label: string;
  private readonly rowidAlias: number;
  /** Record field k holds column fieldToColumn[k] (the identity for rowid tables). */
  private readonly fieldToColumn: number[] | undefined;
  private readonly missing: MissingValue[];
  private readonly indexes = new Map<string, IndexReader>();
  private readonly decoder: RecordDecoder;
  private readonly fields: SqlValue[] = [];

  constructor(
    private readonly ctx: SnapshotContext,
    private readonly schema: SchemaTable,
  ) {
    const def = schema.def;
    if (def === undefined) {
      throw new SqliteError('UNSUPPORTED', ctx.path, `table "${schema.name}" cannot be read: ${schema.problem?.message}`);
    }
    const virtual = def.columns.find((c) => c.virtual);
    if (virtual !== undefined) {
      throw new SqliteError('UNSUPPORTED', ctx.path, `table "${schema.name}" has the computed column "${virtual.name}", which this reader cannot evaluate`);
    }
    this.name = schema.name;
    this.decoder = new RecordDecoder(ctx.decodeText);
    this.label = `table "${schema.name}" (root page ${schema.rootPage})`;
    this.columns = def.columns.map((c) => c.name);
    this.rowidAlias = rowidAliasColumn(def);
    this.fieldToColumn = def.withoutRowid ? withoutRowidFieldOrder(schema) : undefined;
    this.missing = def.columns.map((c) => {
      try {
        return { value: defaultValue(c.defaultTokens, c.affinity, c.name) };
      } catch (error) {
        return { error: error as Error };
      }
    });
  }

  get withoutRowid(): boolean {
    return this.fieldToColumn !== undefined;
  }

  columnIndex(name: string): number {
    const exact = this.columns.indexOf(name);
    if (exact >= 0) return exact;
    const folded = foldName(name);
    return this.columns.findIndex((c) => foldName(c) === folded);
  }

  rowCount(): number {
    return inContext(this.label, () => countEntries(this.ctx.pager, this.schema.rootPage, !this.withoutRowid));
  }

  scan(): Iterable<SqlValue[]> {
    const { pager } = this.ctx;
    if (this.withoutRowid) {
      return labelled(this.label, () => new IndexSeek(pager, this.schema.rootPage, () => 0, (payload) => this.decodeRow(payload, 0)));
    }
    return labelled(this.label, () => new TableScan(pager, this.schema.rootPage, (payload, rowid) => this.decodeRow(payload, rowid)));
  }

  getByRowid(rowid: number | bigint): SqlValue[] | undefined {
    if (this.withoutRowid) {
      throw new SqliteError('UNSUPPORTED', this.ctx.path, `table "${this.name}" is WITHOUT ROWID: it has no rowids to look up`);
    }
    return inContext(this.label, () => this.rowAt(rowid));
  }

  /** getByRowid without the error labelling, for callers that label their own iteration. */
  rowAt(rowid: number | bigint): SqlValue[] | undefined {
    return findRowid(this.ctx.pager, this.schema.rootPage, rowid, this.decodeRowAt);
  }

  /** The row of a WITHOUT ROWID table with this primary key (values in primary key order). */
  getByPrimaryKey(key: SqlValue[]): SqlValue[] | undefined {
    const pk = this.schema.indexes.find((index) => index.isTableTree);
    if (pk === undefined) throw new SqliteError('UNSUPPORTED', this.ctx.path, `table "${this.name}" has no primary key b-tree`);
    const seekKey = makeSeekKey(key, pk.columns, this.ctx.encoding);
    const rows = this.rowsOfTableTree(seekKey, this.label)[Symbol.iterator]();
    return rows.next().value ?? undefined;
  }

  /** Rows of a WITHOUT ROWID table whose leading primary key columns equal the key. */
  rowsOfTableTree(key: SeekKey, label: string): Iterable<SqlValue[]> {
    const { pager, encoding, decodeText } = this.ctx;
    return labelled(label, () => {
      const cursor: Cursor = { pos: 0 };
      const compare = (payload: Payload): number => compareToKey(payload.buf, payload.start, payload.end, key, encoding, decodeText, cursor);
      return new IndexSeek(pager, this.schema.rootPage, compare, (payload) => this.decodeRow(payload, 0));
    });
  }

  affinityOf(column: number): Affinity {
    return this.schema.def!.columns[column].affinity;
  }

  index(name: string): Index {
    const folded = foldName(name);
    const def = this.schema.indexes.find((index) => foldName(index.name) === folded);
    if (def === undefined) {
      const available = this.schema.indexes.map((index) => index.name).join(', ') || 'none';
      throw new SqliteError('NO_SUCH_INDEX', this.ctx.path, `table "${this.name}" has no index "${name}" (it has: ${available})`);
    }
    let reader = this.indexes.get(def.name);
    if (reader === undefined) {
      reader = new IndexReader(this.ctx, this, def, this.schema);
      this.indexes.set(def.name, reader);
    }
    return reader;
  }

  indexOn(columns: string[]): Index | undefined {
    const wanted = columns.map(foldName);
    // A partial index lacks the rows its WHERE clause leaves out, so it cannot stand in for the table.
    const matches = this.schema.indexes.filter(
      (index) =>
        !index.partial &&
        index.columns.length >= wanted.length &&
        wanted.every((name, i) => !index.columns[i].isExpression && foldName(index.columns[i].name) === name),
    );
    if (matches.length === 0) return undefined;
    const best = matches.reduce((a, b) => (b.columns.length < a.columns.length ? b : a));
    return this.index(best.name);
  }

  private readonly decodeRowAt = (payload: Payload, rowid: number | bigint): SqlValue[] => this.decodeRow(payload, rowid);

  private decodeRow(payload: Payload, rowid: number | bigint): SqlValue[] {
    const width = this.columns.length;
    const order = this.fieldToColumn;
    const row: SqlValue[] = new Array(width);
    let count: number;
    if (order === undefined) {
      count = this.decoder.decode(payload.buf, payload.start, payload.end, row, width);
      if (this.rowidAlias >= 0) row[this.rowidAlias] = rowid;
    } else {
      const fields = this.fields;
      count = Math.min(width, this.decoder.decode(payload.buf, payload.start, payload.end, fields, width));
      for (let k = 0; k < count; k++) row[order[k]] = fields[k];
    }
    if (count < width) this.fillMissing(row, count, order);
    return row;
  }

  /** Rows written before ALTER TABLE ADD COLUMN lack the added columns: SQLite reads their DEFAULT. */
  private fillMissing(row: SqlValue[], count: number, order: number[] | undefined): void {
    for (let k = count; k < row.length; k++) {
      const column = order === undefined ? k : order[k];
      if (column === this.rowidAlias) continue;
      const missing = this.missing[column];
      if ('error' in missing) throw new SqliteError('UNSUPPORTED', this.ctx.path, `table "${this.name}": ${missing.error.message}`);
      // A blob default is copied so a caller changing one row's bytes cannot change the others.
      row[column] = missing.value instanceof Uint8Array ? missing.value.slice() : missing.value;
    }
  }
}

/** WITHOUT ROWID records hold the primary key columns first, then the others in declared order. */
function withoutRowidFieldOrder(schema: SchemaTable): number[] {
  const def = schema.def!;
  const pk = schema.indexes.find((index) => index.isTableTree);
  const folded = def.columns.map((c) => foldName(c.name));
  const order: number[] = [];
  for (const column of pk?.columns ?? []) {
    const i = folded.indexOf(foldName(column.name));
    if (i >= 0 && !order.includes(i)) order.push(i);
  }
  def.columns.forEach((_, i) => {
    if (!order.includes(i)) order.push(i);
  });
  return order;
}
