import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { BuildError } from '../../../src/core/build';
import { relevantOutput } from '../../../src/core/build/imageBuild';
import { type DockerEvent, DockerStreamError, eventText, followDockerStream, parseEvent } from '../../../src/core/build/progressStream';

const options = { inactivityTimeoutMs: 60_000, what: 'the build of x' };

function follow(extra: Partial<Parameters<typeof followDockerStream>[1]> = {}) {
  const stream = new PassThrough();
  const lines: string[] = [];
  const events: DockerEvent[] = [];
  const result = followDockerStream(stream, { ...options, onLine: (l) => lines.push(l), onEvent: (e) => events.push(e), ...extra });
  return { stream, lines, events, result };
}

describe('engine progress stream', () => {
  it('reads JSON events split anywhere across chunks, and hands on output lines', async () => {
    const { stream, lines, result } = follow();
    const text = '{"stream":"Step 1/2 : FROM base\\n"}\r\n{"stream":" ---> abc\\n"}\n{"stream":"partial "}{"x":1}\n';
    for (const piece of [text.slice(0, 7), text.slice(7, 40), text.slice(40)]) stream.write(piece);
    stream.end('{"stream":"line"}\n{"aux":{"ID":"sha256:1"}}');
    const events = await result;
    assert.deepEqual(lines.slice(0, 2), ['Step 1/2 : FROM base', ' ---> abc']);
    assert.equal(events[events.length - 1].aux?.ID, 'sha256:1');
    assert.ok(lines.includes('{"stream":"partial "}{"x":1}'), 'a line that is not one JSON object is kept as text');
    assert.equal(lines[lines.length - 1], 'line', 'the last partial line is flushed at the end');
  });

  it('fails on an error event even though the HTTP status was 200, with the output before it', async () => {
    const { stream, result } = follow();
    stream.write('{"stream":"Step 2/2 : RUN false\\n"}\n{"stream":"ERROR: no such file\\n"}\n');
    stream.write('{"errorDetail":{"code":1,"message":"The command \'/bin/sh -c false\' returned a non-zero code: 1"},"error":"ignored"}\n');
    const error = await result.then(() => null, (e: unknown) => e);
    assert.ok(error instanceof DockerStreamError);
    assert.equal(error.detail, "The command '/bin/sh -c false' returned a non-zero code: 1");
    assert.deepEqual(error.tail, ['Step 2/2 : RUN false', 'ERROR: no such file']);
  });

  it('takes `error` when there is no errorDetail', async () => {
    const { stream, result } = follow();
    stream.write('{"status":"Pushing","id":"abc"}\n{"error":"denied: requested access to the resource is denied"}\n');
    await assert.rejects(result, (e: unknown) => e instanceof DockerStreamError && e.detail === 'denied: requested access to the resource is denied');
  });

  it('ends as cancelled when its signal aborts, and as timed out when the engine goes quiet', async () => {
    const controller = new AbortController();
    const cancelled = follow({ signal: controller.signal });
    cancelled.stream.write('{"stream":"Step 1/1 : RUN sleep 100\\n"}\n');
    controller.abort();
    await assert.rejects(cancelled.result, (e: unknown) => e instanceof BuildError && e.code === 'CANCELLED' && e.message === 'the build of x was cancelled');
    const quiet = follow({ inactivityTimeoutMs: 20 });
    await assert.rejects(quiet.result, (e: unknown) => e instanceof BuildError && e.code === 'TIMEOUT' && /sent nothing about the build of x for 0 s/.test(e.message));
  });

  it('fails when the connection closes before the stream ends', async () => {
    const { stream, result } = follow();
    stream.write('{"stream":"Step 1/1 : RUN x\\n"}\n');
    stream.destroy();
    await assert.rejects(result, /closed before the build of x ended/);
  });

  it('logs status changes but not each byte count of a layer', () => {
    assert.equal(eventText({ status: 'Pushing', id: 'abc', progressDetail: { current: 10, total: 100 } }), null);
    assert.equal(eventText({ status: 'Pushed', id: 'abc', progressDetail: {} }), 'abc: Pushed\n');
    assert.equal(eventText({ aux: { ID: 'sha256:1' } }), null);
    assert.deepEqual(parseEvent('not json'), { stream: 'not json\n' });
    assert.deepEqual(parseEvent('[1]'), { stream: '[1]\n' });
  });

  it('explains a failed step by its ERROR lines, else by its last lines', () => {
    assert.equal(relevantOutput([' ---> Running in 1', 'Collecting numpy', 'ERROR: No matching distribution found for nope', 'Removing intermediate container 1']), 'ERROR: No matching distribution found for nope');
    const plain = Array.from({ length: 12 }, (_, i) => `line ${i}`);
    assert.equal(relevantOutput(plain), plain.slice(-8).join('\n'));
  });
});
