import * as assert from 'node:assert/strict';
import {
  comparePythonStrings,
  parsePythonFloat,
  parsePythonInt,
  pythonSplitLines,
  pythonStrip,
} from '../../../src/core/tracking/file/pythonText';

describe('Python text semantics for the file store', () => {
  it('int() accepts signs, underscores between digits and Unicode digits, nothing else', () => {
    assert.equal(parsePythonInt(' +12 '), 12);
    assert.equal(parsePythonInt('-0'), 0);
    assert.equal(parsePythonInt('1_000'), 1000);
    assert.equal(parsePythonInt('٣٤'), 34);
    for (const bad of ['', '1.0', '1e3', '_1', '1__0', '0x10', 'nan']) assert.equal(parsePythonInt(bad), undefined, bad);
  });

  it('float() accepts the forms Python does', () => {
    assert.equal(parsePythonFloat('1.5e3'), 1500);
    assert.equal(parsePythonFloat('.5'), 0.5);
    assert.equal(parsePythonFloat('5.'), 5);
    assert.equal(parsePythonFloat('-Infinity'), -Infinity);
    assert.equal(parsePythonFloat('iNf'), Infinity);
    assert.ok(Number.isNaN(parsePythonFloat('-NaN') ?? 0));
    assert.equal(parsePythonFloat('1_0.2_5'), 10.25);
    for (const bad of ['', '.', 'e5', '1e', '0x1p3', 'infinite', 'nan(1)', '1,5']) assert.equal(parsePythonFloat(bad), undefined, bad);
  });

  it('strips and splits lines on the characters Python does', () => {
    assert.equal(pythonStrip('\u3000\x1c a b \x85\t'), 'a b');
    assert.deepEqual(pythonSplitLines('a\r\nb\rc\x0bd\u2028e\n'), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(pythonSplitLines('a\n\nb'), ['a', '', 'b']);
    assert.deepEqual(pythonSplitLines(''), []);
  });

  it('compares strings by code point like Python, not by UTF-16 unit', () => {
    assert.ok(comparePythonStrings('\u{1F600}', '\uFF01') > 0);
    assert.ok('\u{1F600}' < '\uFF01');
    assert.ok(comparePythonStrings('a', 'b') < 0);
    assert.equal(comparePythonStrings('ab', 'ab'), 0);
    assert.ok(comparePythonStrings('ab', 'a') > 0);
  });
});
