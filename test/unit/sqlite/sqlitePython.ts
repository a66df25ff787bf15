import * as path from 'node:path';
import { repoRoot, runPython } from '../../support/python';
import type { SqlValue } from '../../../src/core/sqlite';

/** Fixture scripts stay in the source tree; the compiled tests run from out/. */
export const fixturesDir = path.join(repoRoot, 'test', 'unit', 'sqlite', 'fixtures');

export function fixture(name: string): string {
  return path.join(fixturesDir, name);
}

type Tagged = null | { i: string } | { r: string } | { t: string } | { b: string };

/** Decodes fixtures/tagged.py's encoding into the values the reader returns. */
export function untag(value: Tagged): SqlValue {
  if (value === null) return null;
  if ('i' in value) {
    const big = BigInt(value.i);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if ('r' in value) return value.r === 'inf' ? Infinity : value.r === '-inf' ? -Infinity : Number(value.r);
  if ('t' in value) return value.t;
  return Uint8Array.from(Buffer.from(value.b, 'hex'));
}

export function tag(value: SqlValue): Tagged {
  if (value === null) return null;
  if (typeof value === 'bigint') return { i: value.toString() };
  if (typeof value === 'number') return Number.isInteger(value) ? { i: String(value) } : { r: String(value) };
  if (typeof value === 'string') return { t: value };
  return { b: Buffer.from(value).toString('hex') };
}

/** What Python's sqlite3 returns for `sql` on the database at `db`. */
export function pythonQuery(db: string, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const out = runPython(fixture('query.py'), [db, sql, JSON.stringify(params.map(tag))]);
  return (JSON.parse(out) as Tagged[][]).map((row) => row.map(untag));
}

/** Runs a fixture script that builds a database. */
export function buildFixture(script: string, args: string[]): string {
  return runPython(fixture(script), args);
}
