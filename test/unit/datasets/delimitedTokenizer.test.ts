import * as assert from 'node:assert/strict';
import { type DelimitedRecord, DelimitedTokenizer } from '../../../src/core/datasets/preview/delimitedTokenizer';
import { sniffDelimiter } from '../../../src/core/datasets/preview/delimiterSniffer';

function tokenize(text: string, delimiter = ',', chunkSize = text.length || 1): { records: DelimitedRecord[]; unclosed: boolean } {
  const records: DelimitedRecord[] = [];
  const tokenizer = new DelimitedTokenizer(delimiter, (record) => records.push({ ...record, fields: record.fields && [...record.fields] }));
  for (let i = 0; i < text.length; i += chunkSize) tokenizer.push(text.slice(i, i + chunkSize));
  const unclosed = tokenizer.insideQuotes;
  tokenizer.end();
  return { records, unclosed };
}
const fields = (text: string, delimiter = ',') => tokenize(text, delimiter).records.map((r) => r.fields);

describe('delimited text tokenizer', () => {
  it('honours quoted delimiters, doubled quotes and quoted newlines', () => {
    assert.deepEqual(fields('a,b\n"x, y","say ""hi"""\n"two\nlines",z\n'), [['a', 'b'], ['x, y', 'say "hi"'], ['two\nlines', 'z']]);
  });

  it('reads CRLF, CR and LF line ends alike and a last line without one', () => {
    assert.deepEqual(fields('a,b\r\n1,2\r3,4\n5,6'), [['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    assert.deepEqual(fields('"x\r\ny",1\r\n'), [['x\r\ny', '1']]);
  });

  it('skips empty lines but keeps lines of empty fields', () => {
    assert.deepEqual(fields('a,b\n\n\r\n,\n""\n'), [['a', 'b'], ['', ''], ['']]);
  });

  it('keeps text after a closing quote and quotes inside unquoted values, as pandas does', () => {
    assert.deepEqual(fields('"a"b,5" screen\n'), [['ab', '5" screen']]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'id;note\r\n1;"semi; colon"\r\n2;"quote "" and\r\nnewline"\r\n\r\n3;plain\r\n';
    const whole = tokenize(text, ';').records;
    for (const size of [1, 2, 3, 5, 7]) assert.deepEqual(tokenize(text, ';', size).records, whole, `chunks of ${size}`);
    assert.deepEqual(whole.map((r) => [r.line, r.endOffset]), [[1, 8], [2, 25], [3, 52], [6, 63]]);
  });

  it('numbers lines from 1 with multi-line records spanning several', () => {
    assert.deepEqual(tokenize('h\n"a\nb\nc"\nd\n').records.map((r) => r.line), [1, 2, 5]);
  });

  it('says when the text ends inside quotes', () => {
    const { records, unclosed } = tokenize('a\n"never closed\n');
    assert.equal(unclosed, true);
    assert.deepEqual(records.map((r) => r.fields), [['a'], ['never closed\n']]);
  });

  it('counts without keeping fields once told to', () => {
    const seen: (string[] | null)[] = [];
    const tokenizer = new DelimitedTokenizer(',', (record) => {
      seen.push(record.fields && [...record.fields]);
      tokenizer.keepFields = false;
    });
    tokenizer.push('a,b\n1,"2\n3"\n4,5\n');
    tokenizer.end();
    assert.deepEqual(seen, [['a', 'b'], null, null]);
  });
});

describe('delimiter sniffing', () => {
  it('finds the delimiter that splits records consistently, ignoring quoted ones', () => {
    assert.equal(sniffDelimiter('a;b;c\n"1,5";2;3\n4;5;6\n', ',', true), ';');
    assert.equal(sniffDelimiter('a\tb\n1\t2\n', ',', true), '\t');
    assert.equal(sniffDelimiter('a|b\n1|2\n', ',', true), '|');
    assert.equal(sniffDelimiter('a,b\n1,2\n', ';', true), ',');
  });

  it('keeps the preferred delimiter on ties and when nothing splits', () => {
    assert.equal(sniffDelimiter('a,b;c\n1,2;3\n', ';', true), ';');
    assert.equal(sniffDelimiter('a,b;c\n1,2;3\n', ',', true), ',');
    assert.equal(sniffDelimiter('just one column\nno delimiters\n', ',', true), ',');
  });
});
