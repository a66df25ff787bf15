import * as assert from 'node:assert/strict';
import { parseOrderBy } from '../../../src/core/tracking/search';

const read = (orderBy: string): [string, string, boolean] => {
  const { type, key, ascending } = parseOrderBy(orderBy);
  return [type, key, ascending];
};

describe('order_by syntax (MLflow SearchUtils.parse_order_by_for_search_runs)', () => {
  it('reads the key and the direction, ascending by default, in any case', () => {
    assert.deepEqual(read('metrics.acc'), ['metric', 'acc', true]);
    assert.deepEqual(read('metrics.acc DESC'), ['metric', 'acc', false]);
    assert.deepEqual(read('params.lr asc'), ['parameter', 'lr', true]);
    assert.deepEqual(read('start_time'), ['attribute', 'start_time', true]);
    assert.deepEqual(read('metrics.acc\t desc'), ['metric', 'acc', false]);
  });

  it('unquotes keys in backticks and double quotes, with or without a direction', () => {
    assert.deepEqual(read('metrics.`a b` DESC'), ['metric', 'a b', false]);
    assert.deepEqual(read('metrics.`a b`'), ['metric', 'a b', true]);
    assert.deepEqual(read('tags.`mlflow.runName` ASC'), ['tag', 'mlflow.runName', true]);
    assert.deepEqual(read('metrics."val/acc" DESC'), ['metric', 'val/acc', false]);
  });

  it('keeps attribute aliases as written', () => {
    assert.deepEqual(read('attributes.created DESC'), ['attribute', 'created', false]);
  });

  it('rejects what MLflow cannot parse', () => {
    for (const orderBy of ['', ' metrics.acc', 'metrics.acc ', 'metrics.acc DESC ASC', 'metrics.acc, metrics.loss', 'metrics.acc;', "'metrics.acc'"]) {
      assert.throws(() => parseOrderBy(orderBy), { message: `Invalid order_by clause '${orderBy}'. Could not be parsed.` }, orderBy);
    }
    assert.throws(() => parseOrderBy('metrics.acc up'), { message: "Invalid ordering key in order_by clause 'metrics.acc up'." });
    assert.throws(() => parseOrderBy('metrics.`a"b` DESC'), { message: 'No closing quotation' });
    assert.throws(() => parseOrderBy('attributes.`run name`'), /Invalid attribute key 'run name' specified/);
    assert.throws(() => parseOrderBy('METRICS.acc'), /Invalid entity type 'METRICS'/);
  });
});
