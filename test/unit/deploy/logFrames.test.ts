import * as assert from 'node:assert/strict';
import type { LogLine } from '../../../src/core/deploy/deploymentTarget';
import { LogFrameDecoder, decodeLogBuffer } from '../../../src/core/deploy/docker/logFrames';

function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('docker log frames', () => {
  it('splits multiplexed frames into lines per stream', () => {
    const lines = decodeLogBuffer(Buffer.concat([frame(1, 'starting\nlistening on 8080\n'), frame(2, 'Traceback\r\n'), frame(1, 'ready')]));
    assert.deepEqual(lines, [
      { stream: 'stdout', text: 'starting' },
      { stream: 'stdout', text: 'listening on 8080' },
      { stream: 'stderr', text: 'Traceback' },
      { stream: 'stdout', text: 'ready' },
    ]);
  });

  it('survives chunks that end inside a header, a frame or a character', () => {
    const all = Buffer.concat([frame(1, 'héllo wörld\n'), frame(2, 'oops\n')]);
    for (let size = 1; size <= 7; size++) {
      const lines: LogLine[] = [];
      const decoder = new LogFrameDecoder((line) => lines.push(line));
      for (let i = 0; i < all.length; i += size) decoder.push(all.subarray(i, i + size));
      decoder.end();
      assert.deepEqual(lines, [{ stream: 'stdout', text: 'héllo wörld' }, { stream: 'stderr', text: 'oops' }], `chunks of ${size}`);
    }
  });

  it('joins a line written in two frames', () => {
    assert.deepEqual(decodeLogBuffer(Buffer.concat([frame(1, 'half a '), frame(1, 'line\n')])), [{ stream: 'stdout', text: 'half a line' }]);
  });

  it('passes a log that is not multiplexed (a TTY container) through as stdout', () => {
    assert.deepEqual(decodeLogBuffer(Buffer.from('plain text\nmore\n')), [{ stream: 'stdout', text: 'plain text' }, { stream: 'stdout', text: 'more' }]);
  });

  it('reads an empty log as no lines', () => {
    assert.deepEqual(decodeLogBuffer(Buffer.alloc(0)), []);
  });
});
