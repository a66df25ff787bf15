// SearchUtils.parse_search_filter: which filters MLflow accepts and what it reads from them. The
// comparator is kept as written and not yet checked against the key: MLflow checks it only when a
// clause is applied (see clauseChecks.ts).
import { invalid } from './searchError';
import { literalEval, LiteralSyntaxError, literalTupleRepr } from './pythonLiteral';
import { asciiDigits, pyRepr } from './pythonText';
import { type EntityType, LIST_ATTRIBUTES, NUMERIC_ATTRIBUTES, parseIdentifier, SEARCHABLE_ATTRIBUTES, stripQuotes } from './searchKeys';
import { groupStatement } from './sqlGrouping';
import { isGroup, isLeaf, isWhitespace, nodeText, splitStatements, type SqlNode } from './sqlStatements';
import { lexSql } from './sqlLexer';

export type ClauseValue = string | number | readonly string[] | null;

export interface ParsedClause {
  type: EntityType;
  /** the key as written, unquoted; attribute aliases (`created`, `run name`) not yet resolved */
  key: string;
  /** as written: `like`, `NOT IN`, `==` (rejected later) */
  comparator: string;
  /** metrics: the number as written; numeric attributes: a number; IN lists: the strings */
  value: ClauseValue;
  /** the value's text in the filter, for the sqlite store's integer range check */
  valueText: string;
}

interface Comparison {
  tokens: SqlNode[];
}

/** The statement's tokens with `x IN (...)`, `x NOT IN (...)`, `x IS [NOT] NULL` joined. */
function joinInComparisons(tokens: readonly SqlNode[]): (SqlNode | Comparison)[] {
  const items = tokens.filter((token) => !isWhitespace(token));
  const joined: (SqlNode | Comparison)[] = [];
  for (let i = 0; i < items.length; i++) {
    const first = items[i];
    if (items.length - i < 3) {
      joined.push(...items.slice(i));
      break;
    }
    if (!isGroup(first, 'identifier')) {
      joined.push(first);
      continue;
    }
    const [second, third, fourth] = [items[i + 1], items[i + 2], items[i + 3]];
    if (isLeaf(second, 'keyword', 'IN') && isGroup(third, 'parenthesis')) {
      joined.push({ tokens: [first, second, third] });
      i += 2;
    } else if (isLeaf(second, 'keyword', 'IS') && isLeaf(third, 'keyword', 'NULL')) {
      joined.push({ tokens: [first, { kind: 'keyword', text: 'IS NULL' }] });
      i += 2;
    } else if (isLeaf(second, 'keyword', 'IS') && isLeaf(third, 'keyword', 'NOT NULL') && third.text.toUpperCase() === 'NOT NULL') {
      joined.push({ tokens: [first, { kind: 'keyword', text: 'IS NOT NULL' }] });
      i += 2;
    } else if (fourth === undefined) {
      joined.push(first, second, third);
      break;
    } else if (isLeaf(second, 'keyword', 'NOT') && isLeaf(third, 'keyword', 'IN') && isGroup(fourth, 'parenthesis')) {
      joined.push({ tokens: [first, { kind: 'keyword', text: 'NOT IN' }, fourth] });
      i += 3;
    } else {
      joined.push(first, second, third, fourth);
      i += 3;
    }
  }
  return joined;
}

const isComparison = (item: SqlNode | Comparison): item is Comparison => 'tokens' in item;

function comparisonOf(item: SqlNode | Comparison): Comparison | undefined {
  if (isComparison(item)) return item;
  if (isGroup(item, 'comparison')) return { tokens: item.children.filter((child) => !isWhitespace(child)) };
  return undefined;
}

function parseList(token: SqlNode): string[] {
  let parsed;
  try {
    parsed = literalEval(nodeText(token));
  } catch (error) {
    if (!(error instanceof LiteralSyntaxError)) throw error;
    invalid('While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.');
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) {
    invalid('While parsing a list in the query, expected a non-empty list of string values, but got empty list');
  }
  if (!items.every((item): item is string => typeof item === 'string')) {
    invalid(
      'While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in ' +
        `list: ${literalTupleRepr(parsed)}`,
    );
  }
  return items;
}

/** SearchUtils._get_value */
function readValue(type: EntityType, key: string, token: SqlNode): ClauseValue {
  const text = nodeText(token);
  const isNumber = isLeaf(token, 'integer') || isLeaf(token, 'float');
  const isText = isLeaf(token, 'string') || isGroup(token, 'identifier');
  if (type === 'metric') {
    if (!isNumber) invalid(`Expected numeric value type for metric. Found ${text}`);
    return text;
  }
  if (type === 'parameter' || type === 'tag') {
    if (!isText) invalid(`Expected a quoted string value for ${type} (e.g. 'my-value'). Got value ${text}`);
    return stripQuotes(text, true);
  }
  if (type === 'attribute' && NUMERIC_ATTRIBUTES.has(key)) {
    if (!isNumber) invalid(`Expected numeric value type for numeric attribute: ${key}. Found ${text}`);
    return Number(asciiDigits(text));
  }
  if (isText) return stripQuotes(text, true);
  if (isGroup(token, 'parenthesis')) {
    if (type === 'attribute' && !LIST_ATTRIBUTES.has(key)) {
      invalid("Only ['run_id'] attributes support comparison with a list of quoted string values.");
    }
    return parseList(token);
  }
  if (type === 'attribute') invalid(`Expected a quoted string value for attributes. Got value ${text}`);
  invalid(`Expected a quoted string value for dataset attributes. Got value ${text}`);
}

/** SearchUtils._get_comparison */
function readComparison({ tokens }: Comparison): ParsedClause {
  const base = 'Invalid comparison clause';
  const expectIdentifier = (): void => {
    if (!isGroup(tokens[0], 'identifier')) invalid(`${base}. Expected 'Identifier' found '${nodeText(tokens[0])}'`);
  };
  if (tokens.length === 2) {
    const comparator = nodeText(tokens[1]).toUpperCase();
    if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') {
      expectIdentifier();
      const { type, key } = parseIdentifier(nodeText(tokens[0]), SEARCHABLE_ATTRIBUTES);
      if (type !== 'tag' && type !== 'parameter') {
        invalid(`IS NULL / IS NOT NULL is only supported for tags and params, not for ${pyRepr(type)} ${pyRepr(key)}`);
      }
      return { type, key, comparator, value: null, valueText: '' };
    }
  }
  if (tokens.length !== 3) invalid(`${base}. Expected 3 tokens found ${tokens.length}`);
  expectIdentifier();
  const { type, key } = parseIdentifier(nodeText(tokens[0]), SEARCHABLE_ATTRIBUTES);
  const value = readValue(type, key, tokens[2]);
  return { type, key, comparator: nodeText(tokens[1]), value, valueText: nodeText(tokens[2]) };
}

/** The clauses of a filter, as SearchUtils.parse_search_filter reads them. */
export function parseFilterSyntax(filter: string | undefined | null): ParsedClause[] {
  if (!filter) return [];
  const statements = splitStatements(lexSql(filter));
  if (statements.length === 0) invalid(`Invalid filter '${filter}'. Could not be parsed.`);
  if (statements.length > 1) {
    invalid(`Search filter contained multiple expression ${pyRepr(filter)}. Provide AND-ed expression list.`);
  }
  const items = joinInComparisons(groupStatement(statements[0]));
  const invalids = items.filter((item) => comparisonOf(item) === undefined && !isLeaf(item as SqlNode, 'keyword', 'AND'));
  if (invalids.length > 0) {
    const listed = invalids.map((item) => `'${nodeText(item as SqlNode)}'`).join(', ');
    invalid(`Invalid clause(s) in filter string: ${listed}`);
  }
  return items.flatMap((item) => {
    const comparison = comparisonOf(item);
    return comparison === undefined ? [] : [readComparison(comparison)];
  });
}
