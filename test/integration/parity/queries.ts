import type { ViewType } from '../../../src/core/tracking/types';

export interface ParityQuery {
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  view?: ViewType;
}

const filters = [
  '',
  'metrics.acc > 0.5',
  'metrics.acc >= 0.91 and metrics.loss < 1',
  'metrics.loss <= 0.3',
  'metrics.`val/loss` < 1',
  'metrics."val/loss" >= 0.1',
  'metrics.acc = 0.95',
  'metrics.acc != 0.95',
  'metrics.nan_metric > -1',
  'metrics.inf_metric > 100',
  'metrics.inf_metric < 0',
  "params.model = 'cnn'",
  "params.model != 'cnn'",
  "params.lr = '0.01'",
  "params.epochs > '9'",
  "params.epochs < '5'",
  "params.lr LIKE '0.0%'",
  "params.model LIKE '_nn'",
  "params.model ILIKE 'CNN'",
  "params.model IN ('cnn', 'tree')",
  "params.model NOT IN ('cnn', 'tree')",
  "params.`optimizer/name` = 'adam'",
  "params.note = ''",
  "tags.team = 'vision'",
  "tags.team LIKE 'vis%'",
  "tags.team ILIKE 'vis%'",
  'tags."data version" = \'v3\'',
  "tags.`stage/owner` != 'bob'",
  "attributes.status = 'FINISHED'",
  "attributes.status != 'FINISHED'",
  "attributes.status IN ('FAILED', 'KILLED')",
  "attributes.run_name = 'tree'",
  "attributes.run_name LIKE '%net%'",
  "run_name ILIKE 'CNN%'",
  'attributes.start_time >= 1767000005000',
  'attributes.end_time < 1767000010000',
  "attributes.user_id != 'nobody'",
  "datasets.name = 'iris-train'",
  "datasets.context = 'validation'",
  "datasets.digest IN ('00000000')",
  "metrics.acc > 0.5 AND params.model = 'tree' AND tags.team = 'tabular'",
  'metrics.acc > 0.5 OR metrics.loss < 1',
  'metrics.acc >',
  "params.model = cnn",
  'foo.bar = 1',
];

const orderings: (string[] | undefined)[] = [
  undefined,
  ['metrics.acc DESC'],
  ['metrics.acc'],
  ['metrics.nan_metric DESC'],
  ['metrics.nan_metric ASC'],
  ['metrics.inf_metric DESC'],
  ['params.lr ASC'],
  ['params.epochs DESC'],
  ['tags.team DESC'],
  ['attributes.start_time ASC'],
  ['attributes.run_name'],
  ['attributes.end_time DESC'],
  ['metrics.acc DESC', 'params.model ASC'],
  ['metrics.`val/loss` ASC'],
];

/** Every filter with the default order, every order without a filter, and some paged searches. */
export const parityQueries: ParityQuery[] = [
  ...filters.map((filter) => ({ filter })),
  ...orderings.slice(1).map((orderBy) => ({ orderBy })),
  { orderBy: ['metrics.acc DESC'], maxResults: 2 },
  { filter: "params.model != 'none'", orderBy: ['attributes.run_name'], maxResults: 3 },
  { view: 'deleted' },
  { view: 'all', orderBy: ['metrics.acc DESC'] },
];
