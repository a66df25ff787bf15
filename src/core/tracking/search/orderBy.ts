// SearchUtils.parse_order_by_for_search_runs: `<identifier> [ASC|DESC]`, read by sqlparse (the
// whole clause must group into one Identifier) and then split with shlex.
import { invalid } from './searchError';
import { pyStrip } from './pythonText';
import { type EntityType, ORDERABLE_ATTRIBUTES, parseIdentifier } from './searchKeys';
import { ShlexError, shlexSplit } from './shlexSplit';
import { groupStatement } from './sqlGrouping';
import { isGroup, nodeText, splitStatements } from './sqlStatements';
import { lexSql } from './sqlLexer';

export interface OrderByClause {
  type: EntityType;
  /** as MLflow reports it: attribute aliases such as `created` are not resolved */
  key: string;
  ascending: boolean;
}

function orderByToken(orderBy: string): string {
  const statements = splitStatements(lexSql(orderBy));
  const tokens = statements.length === 1 ? groupStatement(statements[0]) : [];
  if (tokens.length !== 1 || !isGroup(tokens[0], 'identifier')) {
    invalid(`Invalid order_by clause '${orderBy}'. Could not be parsed.`);
  }
  return nodeText(tokens[0]);
}

export function parseOrderBy(orderBy: string): OrderByClause {
  let tokenValue = orderByToken(orderBy);
  let ascending = true;
  let words: string[];
  try {
    words = shlexSplit(tokenValue.replaceAll('`', '"'));
  } catch (error) {
    if (error instanceof ShlexError) invalid(error.message);
    throw error;
  }
  if (words.length > 2) invalid(`Invalid order_by clause '${orderBy}'. Could not be parsed.`);
  if (words.length === 2) {
    const direction = words[1].toLowerCase();
    if (direction !== 'asc' && direction !== 'desc') invalid(`Invalid ordering key in order_by clause '${orderBy}'.`);
    ascending = direction === 'asc';
    tokenValue = words[0];
  }
  const { type, key } = parseIdentifier(pyStrip(tokenValue), ORDERABLE_ATTRIBUTES);
  return { type, key, ascending };
}
