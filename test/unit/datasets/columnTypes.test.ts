import * as assert from 'node:assert/strict';
import { columnNames } from '../../../src/core/datasets/preview/columnNames';
import { inferJsonColumnType, inferTextColumnType } from '../../../src/core/datasets/preview/columnTypes';

describe('column type inference', () => {
  it('reads integers, floats, booleans, dates and datetimes, ignoring missing values', () => {
    assert.equal(inferTextColumnType(['1', '-20', '', 'NA', '+3']), 'integer');
    assert.equal(inferTextColumnType(['1', '2.5', '1e-3', '.5', 'inf', 'NaN']), 'float');
    assert.equal(inferTextColumnType(['true', 'False', 'TRUE']), 'boolean');
    assert.equal(inferTextColumnType(['2024-02-29', '2023-12-31']), 'date');
    assert.equal(inferTextColumnType(['2024-01-01', '2024-01-01T10:20:30.123Z', '2024-01-01 10:20', '2024-01-01T00:00:00+02:00']), 'datetime');
  });

  it('falls back to string for mixtures, impossible dates and identifiers with leading zeros', () => {
    assert.equal(inferTextColumnType(['1', 'x']), 'string');
    assert.equal(inferTextColumnType(['true', '1']), 'string');
    assert.equal(inferTextColumnType(['2023-02-29']), 'string');
    assert.equal(inferTextColumnType(['2024-01-01T25:00']), 'string');
    assert.equal(inferTextColumnType(['02134', '10001']), 'string');
    assert.equal(inferTextColumnType(['1,000']), 'string');
  });

  it('says empty when every value is missing', () => {
    assert.equal(inferTextColumnType(['', 'NaN', 'null']), 'empty');
    assert.equal(inferJsonColumnType([null, undefined]), 'empty');
  });

  it('uses JSON types for JSON values and finds dates in strings', () => {
    assert.equal(inferJsonColumnType([1, 2, null]), 'integer');
    assert.equal(inferJsonColumnType([1, 2.5]), 'float');
    assert.equal(inferJsonColumnType(['1', '2']), 'string');
    assert.equal(inferJsonColumnType([true, false]), 'boolean');
    assert.equal(inferJsonColumnType(['2024-01-01', '2024-01-02T03:04:05Z']), 'datetime');
    assert.equal(inferJsonColumnType([{ a: 1 }, {}]), 'object');
    assert.equal(inferJsonColumnType([[1], []]), 'array');
    assert.equal(inferJsonColumnType([1, 'x']), 'string');
  });
});

describe('column names', () => {
  it('names blank header cells and repeats as pandas does', () => {
    assert.deepEqual(columnNames(['a', '', 'a', 'a', ' ']), ['a', 'Unnamed: 1', 'a.1', 'a.2', 'Unnamed: 4']);
  });
});
