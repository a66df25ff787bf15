import * as assert from 'node:assert/strict';
import { decodeResult, encodeResult } from '../../../src/core/tracking/worker/resultSlices';
import { fakeHistory, manyRuns } from './fixtures/fakeTrackingStore';

const always = () => true;

describe('result slices', () => {
  it('cuts a large page of runs into slices of a few hundred KB and rebuilds it exactly', async () => {
    const page = { runs: manyRuns(10_000), nextPageToken: 'next', problems: [{ item: 'r', message: 'bad' }] };
    const encoded = encodeResult(page);
    assert.equal(encoded.slices?.field, 'runs');
    assert.deepEqual(encoded.value, { runs: [], nextPageToken: 'next', problems: [{ item: 'r', message: 'bad' }] });
    const sizes = encoded.slices.buffers.map((b) => b.byteLength);
    assert.ok(sizes.length > 10, `${sizes.length} slices`);
    assert.ok(Math.max(...sizes) < 1024 * 1024, `largest slice ${Math.max(...sizes)} bytes`);
    assert.deepEqual(encoded.transfer, encoded.slices.buffers);
    assert.deepEqual(await decodeResult(encoded.value, encoded.slices, always), page);
  });

  it('decodes one slice per event-loop turn, so other callbacks run in between', async () => {
    const encoded = encodeResult(manyRuns(5_000));
    let turns = 0;
    let decoding = true;
    const otherWork = () => {
      turns++;
      if (decoding) setImmediate(otherWork);
    };
    setImmediate(otherWork);
    await decodeResult(encoded.value, encoded.slices, always);
    const turnsWhileDecoding = turns;
    decoding = false;
    assert.ok(encoded.transfer.length > 5);
    assert.ok(turnsWhileDecoding >= encoded.transfer.length - 1, `${turnsWhileDecoding} turns for ${encoded.transfer.length} slices`);
  });

  it('slices a bare array (a metric history) and leaves values without arrays alone', async () => {
    const history = fakeHistory(100_000);
    const encoded = encodeResult(history);
    assert.equal(encoded.slices?.field, null);
    assert.ok(encoded.transfer.length > 1);
    assert.deepEqual(await decodeResult(encoded.value, encoded.slices, always), history);
    const run = { info: { run_id: 'r' }, data: { metrics: { nan: Number.NaN } } };
    assert.deepEqual(encodeResult(run), { value: run, slices: null, transfer: [] });
    assert.deepEqual(encodeResult('text'), { value: 'text', slices: null, transfer: [] });
  });

  it('stops decoding once the result is no longer wanted', async () => {
    const encoded = encodeResult(manyRuns(5_000));
    let asked = 0;
    assert.equal(await decodeResult(encoded.value, encoded.slices, () => ++asked < 2), undefined);
    assert.equal(asked, 2);
  });
});
