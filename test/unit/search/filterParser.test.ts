import * as assert from 'node:assert/strict';
import { parseFilterSyntax } from '../../../src/core/tracking/search/filterParser';
import { InvalidSearchError, parseRunFilter } from '../../../src/core/tracking/search';

function clauses(filter: string): unknown[] {
  return parseFilterSyntax(filter).map(({ type, key, comparator, value }) => ({ type, key, comparator, value }));
}

function rejection(filter: string): string {
  try {
    parseFilterSyntax(filter);
  } catch (error) {
    assert.ok(error instanceof InvalidSearchError, `not an InvalidSearchError: ${String(error)}`);
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(filter)}`);
}

describe('filter syntax (MLflow SearchUtils.parse_search_filter)', () => {
  it('reads every identifier type and alias', () => {
    assert.deepEqual(
      ["metrics.a > 1", "metric.a > 1", "params.p = 'x'", "param.p = 'x'", "parameters.p = 'x'", "tags.t = 'x'",
        "tag.t = 'x'", "attributes.status = 'x'", "attribute.status = 'x'", "attr.status = 'x'", "run.status = 'x'",
        "status = 'x'", "datasets.name = 'x'", "dataset.name = 'x'"].map((f) => parseFilterSyntax(f)[0].type),
      ['metric', 'metric', 'parameter', 'parameter', 'parameter', 'tag', 'tag', 'attribute', 'attribute', 'attribute',
        'attribute', 'attribute', 'dataset', 'dataset'],
    );
  });

  it('keeps metric values as written, reads numeric attributes as numbers and lists as strings', () => {
    assert.deepEqual(
      clauses("metrics.a >= -1.5e-3 AND attributes.start_time > 12 AND attributes.run_id IN ('a', \"b\",)"),
      [
        { type: 'metric', key: 'a', comparator: '>=', value: '-1.5e-3' },
        { type: 'attribute', key: 'start_time', comparator: '>', value: 12 },
        { type: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'] },
      ],
    );
  });

  it('unquotes keys in backticks or quotes, and keeps everything after the first dot', () => {
    assert.deepEqual(
      ["tags.`mlflow.runName` = 'x'", "tags.\"a b\" = 'x'", "tags.'a/b' = 'x'", "tags.mlflow.runName = 'x'", "`tags`.k = 'x'"]
        .map((f) => parseFilterSyntax(f)[0].key),
      ['mlflow.runName', 'a b', 'a/b', 'mlflow.runName', 'k'],
    );
  });

  it('strips only the outer quotes of a value, without unescaping', () => {
    assert.deepEqual(
      ["params.p = 'it''s'", "params.p = \"a'b\"", "params.p = ''", "params.p = 'x\ny'"].map((f) => parseFilterSyntax(f)[0].value),
      ["it''s", "a'b", '', 'x\ny'],
    );
  });

  it('joins IS [NOT] NULL and NOT IN, keeps other comparators as written', () => {
    assert.deepEqual(
      ["params.p is null", "params.p IS NOT NULL", "attributes.run_id not in ('a')", "params.p like 'a'", "params.p == 'a'"]
        .map((f) => parseFilterSyntax(f)[0].comparator),
      ['IS NULL', 'IS NOT NULL', 'NOT IN', 'like', '=='],
    );
  });

  it('reads IN lists as Python literals', () => {
    assert.deepEqual(
      ["attributes.run_id IN ('a''b')", "attributes.run_id IN (('a'))", "attributes.run_id IN (r'\\d', u'\\x41\\u00e9')",
        "attributes.run_id IN ('a', # note\n 'b')"].map((f) => parseFilterSyntax(f)[0].value),
      [['ab'], ['a'], ['\\d', 'Aé'], ['a', 'b']],
    );
  });

  it('accepts what sqlparse happens to group: aliases, missing ANDs, trailing ANDs', () => {
    assert.deepEqual(clauses('params.x y IS NULL'), [{ type: 'parameter', key: 'x y', comparator: 'IS NULL', value: null }]);
    assert.equal(parseFilterSyntax('metrics.a > 1 metrics.b > 2').length, 2);
    assert.equal(parseFilterSyntax('AND metrics.a > 1 AND').length, 1);
    assert.equal(parseFilterSyntax('metrics. a > 1')[0].key, ' a');
    assert.equal(parseFilterSyntax('metrics.a[0] > 1')[0].key, 'a[0]');
  });

  it('reads nothing from an empty filter', () => {
    assert.deepEqual(parseFilterSyntax(''), []);
    assert.deepEqual(parseFilterSyntax(undefined), []);
  });

  it("rejects with MLflow's messages", () => {
    const cases: [string, string][] = [
      ['metrics.a > 1 OR metrics.b > 1', "Invalid clause(s) in filter string: 'OR'"],
      ['(metrics.a > 1)', "Invalid clause(s) in filter string: '(metrics.a > 1)'"],
      ['metrics.in > 1', "Invalid clause(s) in filter string: 'metrics.', 'in', '>', '1'"],
      ['   ', "Invalid filter '   '. Could not be parsed."],
      ['a > 1; b > 1', "Search filter contained multiple expression 'a > 1; b > 1'. Provide AND-ed expression list."],
      ['foo.a = 1', "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"],
      ["metrics.a = '1'", "Expected numeric value type for metric. Found '1'"],
      ['params.p = 1', "Expected a quoted string value for parameter (e.g. 'my-value'). Got value 1"],
      ['params.p = x', 'Parameter value is either not quoted or unidentified quote types used for string value x. Use either single or double quotes.'],
      ["attributes.start_time > '1'", "Expected numeric value type for numeric attribute: start_time. Found '1'"],
      ["attributes.status IN ('a')", "Only ['run_id'] attributes support comparison with a list of quoted string values."],
      ['attributes.run_id IN ()', 'While parsing a list in the query, expected a non-empty list of string values, but got empty list'],
      ["attributes.run_id IN ('a' 1)", 'While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.'],
      ['metrics.a IS NULL', "IS NULL / IS NOT NULL is only supported for tags and params, not for 'metric' 'a'"],
      ['1 = metrics.a', "Invalid comparison clause. Expected 'Identifier' found '1'"],
    ];
    for (const [filter, message] of cases) assert.equal(rejection(filter), message, filter);
    assert.match(rejection("datasets.foo = 'x'"), /^Invalid dataset key 'foo' specified\. Valid keys are '\{'context', 'digest', 'name'\}'$/);
    assert.match(rejection("attributes.lifecycle_stage = 'x'"), /^Invalid attribute key 'lifecycle_stage' specified/);
  });

  it('parseRunFilter also rejects comparators the key does not take, and resolves aliases', () => {
    assert.throws(() => parseRunFilter('metrics.a LIKE 1'), /^InvalidSearchError: Invalid comparator 'LIKE' not one of/);
    assert.throws(() => parseRunFilter("params.p > 'a'"), /Invalid comparator '>'/);
    assert.deepEqual(parseRunFilter("attributes.created > 5 AND attributes.`Run Name` like 'x'").map((c) => [c.key, c.comparator]), [
      ['start_time', '>'],
      ['run_name', 'LIKE'],
    ]);
  });
});
