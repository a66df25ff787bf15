import * as assert from 'node:assert/strict';
import { parseMlflowNumber, toMlflowJson } from '../../../src/core/tracking/mlflowJson';

describe('MLflow JSON numbers', () => {
  it('writes non-finite values as MLflow strings', () => {
    assert.equal(toMlflowJson([Number.NaN, Infinity, -Infinity, 1.5]), '["NaN","Infinity","-Infinity",1.5]');
  });

  it('reads them back', () => {
    assert.ok(Number.isNaN(parseMlflowNumber('NaN')));
    assert.equal(parseMlflowNumber('Infinity'), Infinity);
    assert.equal(parseMlflowNumber('-Infinity'), -Infinity);
    assert.equal(parseMlflowNumber(2), 2);
    assert.throws(() => parseMlflowNumber('abc'), TypeError);
  });
});
