import * as assert from 'node:assert/strict';
import { decodeBase64, decodeSeries, encodeBase64, encodeSeries } from '../../../webview-ui/src/compare/logic/seriesCodec';

describe('series codec', () => {
  it('base64 agrees with Node for every length and byte', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 73 + length * 11) & 0xff);
      const text = Buffer.from(bytes).toString('base64');
      assert.equal(encodeBase64(bytes), text);
      assert.deepEqual([...decodeBase64(text)], [...bytes]);
      assert.deepEqual([...decodeBase64(text.replace(/=+$/, ''))], [...bytes]);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.deepEqual([...decodeBase64(Buffer.from(all).toString('base64'))], [...all]);
  });

  it('round-trips a series with NaN and ±Infinity, values at Float32 precision', () => {
    const steps = [0, 1, 2, 3, 4, 2 ** 40];
    const timestamps = [1.7e12, 1.7e12 + 1, 1.7e12 + 2, 1.7e12 + 3, 1.7e12 + 4, 1.7e12 + 5];
    const values = [0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -2.5, 1e-30];
    const encoded = encodeSeries('run-1', 'loss', { steps, timestamps, values }, 100_000);
    // The wire format is the protocol's: little-endian Float64 / Float32 in base64.
    assert.deepEqual([...new Float64Array(new Uint8Array(Buffer.from(encoded.steps, 'base64')).buffer)], steps);
    const decoded = decodeSeries(JSON.parse(JSON.stringify(encoded)));
    assert.equal(decoded.runId, 'run-1');
    assert.equal(decoded.key, 'loss');
    assert.equal(decoded.totalPoints, 100_000);
    assert.ok(decoded.steps instanceof Float64Array && decoded.values instanceof Float32Array);
    assert.deepEqual([...decoded.steps], steps);
    assert.deepEqual([...decoded.timestamps], timestamps);
    assert.deepEqual([...decoded.values], [...Float32Array.from(values)]);
    assert.ok(Number.isNaN(decoded.values[1]));
    assert.equal(decoded.values[2], Number.POSITIVE_INFINITY);
    assert.equal(decoded.values[3], Number.NEGATIVE_INFINITY);
  });

  it('refuses malformed series, naming the run and metric', () => {
    const good = encodeSeries('r', 'acc', { steps: [1, 2], timestamps: [1, 2], values: [1, 2] }, 2);
    assert.throws(() => decodeSeries({ ...good, values: encodeSeries('r', 'acc', { steps: [1], timestamps: [1], values: [1] }, 1).values }), /acc of run r.*do not match/);
    assert.throws(() => decodeSeries({ ...good, steps: Buffer.from([1, 2, 3]).toString('base64') }), /not a whole number/);
    assert.throws(() => decodeSeries({ ...good, timestamps: '!!!!' }), /invalid base64/);
  });
});
