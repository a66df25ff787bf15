// MLflow's vocabulary for run search (SearchUtils): entity types and their aliases, searchable and
// orderable attributes, and which comparators each kind of key accepts.
import { invalid } from './searchError';
import { pyListRepr, pyRepr, pySetRepr } from './pythonText';

export type EntityType = 'metric' | 'parameter' | 'tag' | 'attribute' | 'dataset';

const ENTITY_ALIASES: Record<string, EntityType> = {
  metric: 'metric', metrics: 'metric',
  parameter: 'parameter', parameters: 'parameter', param: 'parameter', params: 'parameter',
  tag: 'tag', tags: 'tag',
  attribute: 'attribute', attr: 'attribute', attributes: 'attribute', run: 'attribute',
  dataset: 'dataset', datasets: 'dataset',
};

export const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time', 'created', 'Created']);
export const SEARCHABLE_ATTRIBUTES = new Set([
  'run_id', 'run_name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri',
  'created', 'Created', 'run name', 'Run name', 'Run Name',
]);
export const ORDERABLE_ATTRIBUTES = new Set([
  'run_id', 'run_name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri', 'created', 'Created',
]);
export const DATASET_KEYS = new Set(['name', 'digest', 'context']);
/** the only attribute an `IN (...)` list may be compared with */
export const LIST_ATTRIBUTES = new Set(['run_id']);

const METRIC_COMPARATORS = new Set(['>', '>=', '!=', '=', '<', '<=']);
const STRING_COMPARATORS = new Set(['!=', '=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL']);
const STRING_ATTRIBUTE_COMPARATORS = new Set(['!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']);

const isQuoted = (value: string, quote: string): boolean =>
  value.length >= 2 && value.startsWith(quote) && value.endsWith(quote);

export function trimBackticks(value: string): string {
  return isQuoted(value, '`') ? value.slice(1, -1) : value;
}

/** SearchUtils._strip_quotes */
export function stripQuotes(value: string, expectQuoted = false): string {
  if (isQuoted(value, "'") || isQuoted(value, '"')) return value.slice(1, -1);
  if (expectQuoted) {
    invalid(
      'Parameter value is either not quoted or unidentified quote types used for string value ' +
        `${value}. Use either single or double quotes.`,
    );
  }
  return value;
}

/** SearchUtils._get_identifier: `type.key`, or a bare attribute name. */
export function parseIdentifier(identifier: string, validAttributes: ReadonlySet<string>): { type: EntityType; key: string } {
  const dot = identifier.indexOf('.');
  const entity = dot < 0 ? 'attribute' : trimBackticks(identifier.slice(0, dot));
  const type = Object.hasOwn(ENTITY_ALIASES, entity) ? ENTITY_ALIASES[entity] : undefined;
  if (type === undefined) {
    invalid(`Invalid entity type ${pyRepr(entity)}. Valid values are ${pyListRepr(['metric', 'parameter', 'tag', 'attribute', 'dataset'])}`);
  }
  const key = trimBackticks(stripQuotes(dot < 0 ? identifier : identifier.slice(dot + 1)));
  if (type === 'attribute' && !validAttributes.has(key)) {
    invalid(`Invalid attribute key ${pyRepr(key)} specified. Valid keys are '${pySetRepr(validAttributes)}'`);
  }
  if (type === 'dataset' && !DATASET_KEYS.has(key)) {
    invalid(`Invalid dataset key ${pyRepr(key)} specified. Valid keys are '${pySetRepr(DATASET_KEYS)}'`);
  }
  return { type, key };
}

/** SearchUtils.translate_key_alias */
export function translateKeyAlias(key: string): string {
  if (key === 'created' || key === 'Created') return 'start_time';
  if (key === 'run name' || key === 'Run name' || key === 'Run Name') return 'run_name';
  return key;
}

/**
 * Why MLflow rejects this comparator for this key (is_metric, is_param, ... in SearchUtils), or
 * undefined. `comparator` is already upper-cased.
 */
export function comparatorProblem(type: EntityType, key: string, comparator: string): string | undefined {
  let allowed: ReadonlySet<string>;
  if (type === 'metric') allowed = METRIC_COMPARATORS;
  else if (type === 'parameter' || type === 'tag') allowed = STRING_COMPARATORS;
  else if (type === 'dataset') allowed = STRING_ATTRIBUTE_COMPARATORS;
  else allowed = NUMERIC_ATTRIBUTES.has(key) ? METRIC_COMPARATORS : STRING_ATTRIBUTE_COMPARATORS;
  if (allowed.has(comparator)) return undefined;
  const numericAttribute = type === 'attribute' && NUMERIC_ATTRIBUTES.has(key);
  const listed = numericAttribute ? STRING_ATTRIBUTE_COMPARATORS : allowed;
  // MLflow's own wording, down to the closing quote only some of its messages have
  const closingQuote = type === 'parameter' || (type === 'attribute' && !numericAttribute) ? "'" : '';
  return `Invalid comparator ${pyRepr(comparator)} not one of '${pySetRepr(listed)}${closingQuote}`;
}
