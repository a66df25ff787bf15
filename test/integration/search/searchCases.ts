// The searches run against both MLflow stores and against searchRunsInMemory, and the
// syntax-only inputs compared with SearchUtils directly.
import { allSearchFilters } from './filterCases';

export interface SearchCase {
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

export function pageToken(json: string): string {
  return Buffer.from(json, 'utf8').toString('base64');
}

export const orderings: string[][] = [
  [], ['metrics.acc'], ['metrics.acc DESC'], ['metrics.acc ASC', 'params.model DESC'], ['metrics.acc desc'],
  // +inf and 1.7976931348623157e308 tie on sqlite, not in Python
  ['metrics.big DESC'], ['metrics.big'], ['metrics.nan_or_missing'], ['metrics.nan_or_missing DESC'], ['metrics.missing'],
  ['params.epochs'], ['params.epochs DESC'], ['params.`batch size` DESC'], ['params.model', 'metrics.loss'],
  ['tags.team'], ['tags.note DESC'], ['tags.`path/to` DESC', 'attributes.start_time ASC'], ['tags.`mlflow.runName`'],
  ['attributes.start_time'], ['attributes.start_time DESC'], ['attributes.created ASC'], ['start_time'],
  ['attributes.end_time'], ['attributes.end_time DESC'], ['attributes.run_name'], ['attributes.run_name DESC'],
  ['attributes.status', 'metrics.loss DESC'], ['attributes.run_id DESC'], ['attributes.user_id'], ['attributes.artifact_uri'],
  ['metrics.`val/acc`', 'metrics.loss'], ['metrics.`train loss` DESC'], ['metrics."val/acc" DESC', 'Created DESC'],
  ['metrics.loss', 'params.model', 'tags.team DESC'],
  // rejected by the sqlite store only (duplicates), or by both
  ['metrics.loss', 'metrics.loss DESC'], ['attributes.created', 'attributes.start_time DESC'], ['datasets.name'],
  ['metrics.acc DESC ASC'], ['metrics.acc foo'], [' metrics.acc'], [''], ['attributes.lifecycle_stage'],
  ['metrics.acc NULLS FIRST'], ['metrics.acc, metrics.loss'], ['attributes.`run name`'],
];

/** orderings also read page by page, where ties between pages matter */
const pagedOrderings: string[][] = [
  [], ['metrics.acc'], ['metrics.acc DESC'], ['metrics.big DESC'], ['metrics.nan_or_missing'], ['params.epochs DESC'],
  ['tags.team'], ['attributes.start_time'], ['attributes.end_time DESC'], ['attributes.run_name'],
  ['metrics.loss', 'params.model', 'tags.team DESC'], ['metrics.loss', 'metrics.loss DESC'],
];

const tokenCases: SearchCase[] = [
  '{"offset": 5}', '{"offset": "5"}', '{"offset": 5.7}', '{"offset": true}', '{"offset": -3}', '{"offset": 0}',
  '{"offset": 100}', '{}', '[5]', '{"offset": " 5 "}', '{"offset": "1_0"}', '{"offset": "5.5"}', '{"offset": null}',
  '{"offset": 100000000000000000000}',
].map((json) => ({ maxResults: 20, pageToken: pageToken(json) }));

export const searchCases: SearchCase[] = [
  ...allSearchFilters.map((filter) => ({ filter })),
  ...orderings.map((orderBy) => ({ orderBy })),
  ...pagedOrderings.map((orderBy) => ({ orderBy, maxResults: 7 })),
  { orderBy: ['metrics.acc'], maxResults: 3 },
  { filter: "attributes.status != 'RUNNING'", orderBy: ['params.epochs DESC'], maxResults: 4 },
  { filter: 'metrics.acc >= 0', orderBy: ['metrics.acc DESC'], maxResults: 5 },
  { filter: "datasets.name = 'nope'", orderBy: ['datasets.name'] },
  { filter: "params.model = 'nope'", orderBy: ['metrics.loss', 'metrics.loss'] },
  { maxResults: 40 }, { maxResults: 39 }, { maxResults: 41 }, { maxResults: 0 }, { maxResults: -3 },
  { maxResults: 50000 }, { maxResults: 50001 },
  ...tokenCases,
  { maxResults: 20, pageToken: 'not base64!!!' },
  { maxResults: 20, pageToken: 'eyJvZmZzZXQiOiA1fQ' },
  { maxResults: 20, pageToken: 'eyJvZmZz!ZXQiOiA1fQ==' },
];

/** Inputs whose reading by SearchUtils is compared directly, beyond those searched. */
export const syntaxCases = {
  filters: [
    ...allSearchFilters,
    'metrics.a b = 1', 'metrics.a AS b = 1', 'CREATED > 1', "STATUS = 'x'", 'METRICS.a > 1', 'metrics.select = 1',
    "params.x = 'a' 'b'", "params.x = 'a", 'metrics.a > 1.5.5', 'metrics.a > 01', 'metrics.a > 1_000',
    "attributes.run_id IN 'a'", "attributes.run_id IN ('a''b')", "attributes.run_id IN ('a\\'b')", "attributes.run_id IN (['a'])",
    'attributes.run_id IN ()', 'attributes.run_id IN (1, 2)', "attributes.run_id IN (('a'))", "attributes.run_id IN (u'a', r'\\d')",
    "attributes.run_id IN ('\\x41\\u00e9\\101', \"\"\"b\"\"\")", "attributes.run_id IN (b'a')", "attributes.run_id IN ('a' + 'b')",
    "params.x IS 'a'", 'params.x IS NOT NULL', 'params.x IS NULL', "1 = metrics.a", 'metrics.a', 'metrics.a =', '= 1',
    "params.x = 'a' = 'b'", 'metrics.a > 1 > 2', 'foo.a = 1', 'a = 1', 'metrics.in > 1', 'metrics.as > 1', 'metrics.not > 1',
    'metrics.* > 1', 'metrics. = 1', 'metrics.1 > 0', 'metrics.a::int > 1', 'metrics.[a b] > 1', '[metrics].a > 1',
    'metrics.a[0] > 1', 'metrics.f(x) > 1', 'metrics.f (x) > 1', 'metrics.a->b > 1', 'metrics.a > 1 -- note',
    'metrics.a > 1 /* note */', 'metrics.a > 1;  ', 'metrics.a > 1;\n', '; metrics.a > 1', 'metrics.a > 1;;', ';',
    "tags.x = 'a' foo", "params.x = \"say \"\"hi\"\"\"", "params.x = 'it\\'s'", 'metrics.a > ٣', 'attributes.start_time > ٣',
    "params.`a``b` = 'x'", "tags.\"a\".\"b\" = 'x'", "tags.\"a\".b = 'x'", 'metrics.`a`.b > 1', "params.x LIKE NULL",
    'metrics.a >= -.5e-3', 'metrics.a = -0', 'metrics.a = 1.', 'metrics.a = 1.e5', 'metrics.a = 1e', "params.x = $$a$$",
  ],
  orderBys: [
    ...orderings.flat(), 'metrics.a  DESC', 'metrics.`a b` DESC', 'metrics.`a b`', 'metrics."a b" DESC', "metrics.'a b' DESC",
    'metrics.a\tDESC', 'metrics.a\\ b DESC', 'metrics.a;', 'METRICS.a', 'timestamp', 'timestamp DESC', 'metrics.a ',
    'created DESC', 'attributes.Created', 'metrics."a b DESC', 'metrics.a "DESC"', 'params.`a`b` DESC', 'tags.x ASC NULLS LAST',
    'metrics.`a"b` DESC', 'metrics.`a"b`', "metrics.`it's` DESC",
  ],
  pageTokens: [
    ...tokenCases.map((c) => c.pageToken!), 'not base64!!!', 'eyJvZmZzZXQiOiA1fQ', 'eyJvZmZz!ZXQiOiA1fQ==', '',
    'eyJvZmZzZXQiOiA1fQ==', 'eyJvZmZzZXQiOiA1fQ=', 'eyJv=ZmZzZXQiOiA1fQ==', 'eyJv====ZmZzZXQiOiA1fQ==', 'eyJvZ===mZzZXQiOiA1fQ==', 'e', 'eyJ', pageToken('{"offset": "٥"}'),
    pageToken('{"offset": "+5"}'), pageToken('{"offset": "0x5"}'), pageToken('{"offset": false}'), pageToken('{"offset": []}'),
    pageToken('{"offset": [1]}'), pageToken('{"offset": 5, "offset": 6}'), pageToken('\ufeff{"offset": 5}'), pageToken('"x"'),
  ],
};
