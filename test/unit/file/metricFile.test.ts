import * as assert from 'node:assert/strict';
import { readLatestMetric, readMetricColumns, readMetricHistory } from '../../../src/core/tracking/file/metricFile';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const points = (text: string) => readMetricHistory(bytes(text)).points.map((p) => [p.step, p.timestamp, p.value]);
const latest = (text: string) => readLatestMetric(bytes(text)).point;

describe('file store metric files', () => {
  it('reads 2-field lines with step 0 and 3-field lines with their step', () => {
    assert.deepEqual(points('100 0.5\n200 0.25 7\n'), [
      [0, 100, 0.5],
      [7, 200, 0.25],
    ]);
  });

  it('reads 5-field lines (logged with a dataset) with step 0, as MLflow does', () => {
    assert.deepEqual(points('100 0.9 3 train 2981c147\n'), [[0, 100, 0.9]]);
  });

  it('reads the non-finite spellings Python float() accepts', () => {
    const values = readMetricHistory(bytes('1 nan 0\n2 inf 1\n3 -inf 2\n4 NaN 3\n5 Infinity 4\n6 -Infinity 5\n7 +inf 6\n8 -nan 7\n'))
      .points.map((p) => p.value);
    assert.ok(Number.isNaN(values[0]) && Number.isNaN(values[3]) && Number.isNaN(values[7]));
    assert.deepEqual([values[1], values[2], values[4], values[5], values[6]], [Infinity, -Infinity, Infinity, -Infinity, Infinity]);
  });

  it('converts decimal text to exactly the double Python gets', () => {
    const samples = ['0.1', '0.30000000000000004', '1e-05', '1.2345678901234567e+20', '5e-324', '1.7976931348623157e+308',
      '123456789012345678901234567890', '-0.0', '9007199254740993', '0.8474337369372327', '2.5', '1e400', '.5', '5.', '1_000.25'];
    const text = samples.map((value, i) => `${i} ${value} ${i}`).join('\n');
    const values = readMetricHistory(bytes(text)).points.map((p) => p.value);
    assert.deepEqual(values, samples.map((value) => Number(value.replace('_', ''))));
    assert.ok(Object.is(values[7], -0));
  });

  it('matches Number() on many random doubles written the way Python repr writes them', () => {
    const expected: number[] = [];
    let text = '';
    let seed = 42;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const value = (seed / 2147483648) * 10 ** ((i % 40) - 20);
      expected.push(Number(String(value)));
      text += `${1700000000000 + i} ${String(value)} ${i}\n`;
    }
    assert.deepEqual(readMetricHistory(bytes(text)).points.map((p) => p.value), expected);
  });

  it('rounds decimals that lie exactly between two doubles (or a hair off) like Python', () => {
    const samples: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const exponent = 54 + (i % 9); // doubles in [2^54, 2^63), where halfway points are integers
      const ulp = 1n << BigInt(exponent - 52);
      const double = (BigInt(Math.floor(((i * 2654435761) % 4294967296) * 1048576)) + (1n << 52n)) << BigInt(exponent - 52);
      for (const x of [double + ulp / 2n, double + ulp / 2n + 1n, double + ulp / 2n - 1n]) {
        const digits = x.toString();
        samples.push(digits, `${digits[0]}.${digits.slice(1)}e+${digits.length - 1}`, `0.${digits}e${digits.length}`);
      }
    }
    const text = samples.map((value, i) => `${i} ${value} ${i}`).join('\n');
    assert.deepEqual(readMetricHistory(bytes(text)).points.map((p) => p.value), samples.map(Number));
  });

  it('takes the latest value as the max by (step, timestamp, value), not the last line', () => {
    assert.deepEqual(latest('100 1 5\n300 2 4\n200 3 5\n'), { step: 5, timestamp: 200, value: 3 });
    assert.deepEqual(latest('100 1 5\n100 9 5\n100 4 5\n'), { step: 5, timestamp: 100, value: 9 });
    assert.deepEqual(latest('100 1 -1\n50 2\n'), { step: 0, timestamp: 50, value: 2 });
  });

  it('never lets NaN win or lose a tie on (step, timestamp), like Python tuple comparison', () => {
    assert.ok(Number.isNaN(latest('100 nan 1\n100 5 1\n')?.value ?? 0));
    assert.equal(latest('100 5 1\n100 nan 1\n')?.value, 5);
    assert.equal(latest('100 nan 1\n101 5 1\n')?.value, 5);
    assert.ok(Number.isNaN(latest('100 5 1\n100 nan 2\n')?.value ?? 0));
  });

  it('handles CRLF, surrounding whitespace and a missing final newline', () => {
    assert.deepEqual(points('1 2 3\r\n4 5 6\r\n'), [
      [3, 1, 2],
      [6, 4, 5],
    ]);
    assert.deepEqual(points('  1 2 3\t\n4 5 6'), [
      [3, 1, 2],
      [6, 4, 5],
    ]);
  });

  it('reports lines MLflow cannot read and keeps the others', () => {
    const read = readLatestMetric(bytes('1 2 3\ngarbage\n\n4 5\n1 2 3 4\n7 x 1\n1.5 2 3\n8 9 10'));
    assert.deepEqual(read.badLines, [2, 3, 5, 6, 7]);
    assert.deepEqual(read.point, { step: 10, timestamp: 8, value: 9 });
    assert.deepEqual(readLatestMetric(bytes('')), { point: undefined, badLines: [] });
    assert.deepEqual(readLatestMetric(Buffer.from([0x31, 0x20, 0xff, 0x0a])).badLines, [1]);
  });

  it('splits on the line boundaries Python readlines() knows', () => {
    assert.deepEqual(points('1 2 3\r4 5 6\u20287 8 9\n'), [
      [3, 1, 2],
      [6, 4, 5],
      [9, 7, 8],
    ]);
  });

  it('gives the same history as columns', () => {
    const text = '5 1 2\n3 2 1\nbad\n4 nan 2\n1 4 2\n1 5 2\n';
    const columns = readMetricColumns(bytes(text));
    const history = readMetricHistory(bytes(text));
    assert.deepEqual([...columns.steps], history.points.map((p) => p.step));
    assert.deepEqual([...columns.timestamps], history.points.map((p) => p.timestamp));
    assert.deepEqual([...columns.values], history.points.map((p) => p.value));
    assert.deepEqual(columns.badLines, [3]);
  });

  it('sorts history by step then timestamp, keeping file order for ties', () => {
    assert.deepEqual(points('5 1 2\n3 2 1\n4 3 2\n1 4 2\n1 5 2\n'), [
      [1, 3, 2],
      [2, 1, 4],
      [2, 1, 5],
      [2, 4, 3],
      [2, 5, 1],
    ]);
  });
});
