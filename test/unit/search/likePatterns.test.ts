import * as assert from 'node:assert/strict';
import { pythonLikeMatcher, sqliteLikeMatcher } from '../../../src/core/tracking/search/likePatterns';

const matching = (make: typeof pythonLikeMatcher, pattern: string, ignoreCase: boolean, values: string[]): string[] =>
  values.filter(make(pattern, ignoreCase));

describe('LIKE and ILIKE as each MLflow store does them', () => {
  const notes = ['abc', 'abc\n', 'ab\nc', 'x\nabc', 'ABC', 'a.c', 'a(c'];

  it('file store: Python regex, where wildcards stop at line breaks and `$` allows a final one', () => {
    assert.deepEqual(matching(pythonLikeMatcher, 'abc', false, notes), ['abc', 'abc\n']);
    assert.deepEqual(matching(pythonLikeMatcher, '%c', false, notes), ['abc', 'abc\n', 'a.c', 'a(c']);
    assert.deepEqual(matching(pythonLikeMatcher, 'ab%', false, notes), ['abc', 'abc\n', 'ab\nc']);
    assert.deepEqual(matching(pythonLikeMatcher, 'ab_c', false, notes), []);
    assert.deepEqual(matching(pythonLikeMatcher, 'a.c', false, notes), ['a.c']);
  });

  it('sqlite store: case-sensitive LIKE whose wildcards match any character', () => {
    assert.deepEqual(matching(sqliteLikeMatcher, 'abc', false, notes), ['abc']);
    assert.deepEqual(matching(sqliteLikeMatcher, '%c', false, notes), ['abc', 'ab\nc', 'x\nabc', 'a.c', 'a(c']);
    assert.deepEqual(matching(sqliteLikeMatcher, 'ab_c', false, notes), ['ab\nc']);
  });

  it('ILIKE folds Unicode case in Python but only ASCII in sqlite', () => {
    const names = ['école', 'École', 'ÉCOLE', 'ECOLE'];
    assert.deepEqual(matching(pythonLikeMatcher, 'école', true, names), ['école', 'École', 'ÉCOLE']);
    assert.deepEqual(matching(sqliteLikeMatcher, 'école', true, names), ['école']);
    assert.deepEqual(matching(sqliteLikeMatcher, 'Ecole', true, names), ['ECOLE']);
  });

  it('`_` matches one character, also outside the Basic Multilingual Plane', () => {
    assert.ok(pythonLikeMatcher('_run', false)('😀run'));
    assert.ok(sqliteLikeMatcher('_run', false)('😀run'));
    assert.ok(!sqliteLikeMatcher('_run', false)('😀😀run'));
  });
});
