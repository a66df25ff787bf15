import { parseIndexedColumns, type IndexedColumn } from './createTable';
import { UnsupportedError } from './errors';
import { isKeyword, isName, isPunct, skipGroup, tokenize } from './sqlTokens';

export interface IndexDef {
  readonly name: string;
  readonly table: string;
  readonly columns: IndexedColumn[];
  readonly unique: boolean;
  /** Partial indexes hold only the rows their WHERE clause selects. */
  readonly partial: boolean;
}

/** Parses `CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (columns) [WHERE ...]`. */
export function parseCreateIndex(sql: string): IndexDef {
  const tokens = tokenize(sql);
  let i = 0;
  if (!isKeyword(tokens[i++], 'CREATE')) throw new UnsupportedError(`expected CREATE in: ${sql}`);
  const unique = isKeyword(tokens[i], 'UNIQUE');
  if (unique) i++;
  if (!isKeyword(tokens[i++], 'INDEX')) throw new UnsupportedError(`expected INDEX in: ${sql}`);
  if (isKeyword(tokens[i], 'IF')) i += 3;
  if (!isName(tokens[i])) throw new UnsupportedError(`expected an index name in: ${sql}`);
  let name = tokens[i++].text;
  if (isPunct(tokens[i], '.') && isName(tokens[i + 1])) {
    name = tokens[i + 1].text;
    i += 2;
  }
  if (!isKeyword(tokens[i++], 'ON') || !isName(tokens[i])) throw new UnsupportedError(`expected ON <table> in: ${sql}`);
  const table = tokens[i++].text;
  if (!isPunct(tokens[i], '(')) throw new UnsupportedError(`expected a column list in: ${sql}`);
  const close = skipGroup(tokens, i);
  const columns = parseIndexedColumns(tokens, i + 1, close - 1, sql);
  return { name, table, columns, unique, partial: isKeyword(tokens[close], 'WHERE') };
}
