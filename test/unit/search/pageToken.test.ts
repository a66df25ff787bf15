import * as assert from 'node:assert/strict';
import { createPageToken, parsePageToken } from '../../../src/core/tracking/search/pageToken';

const token = (json: string): string => Buffer.from(json).toString('base64');

describe("page tokens (MLflow's base64 JSON offsets)", () => {
  it('writes exactly what MLflow writes', () => {
    // base64.b64encode(json.dumps({"offset": 10}).encode("utf-8"))
    assert.equal(createPageToken(10), 'eyJvZmZzZXQiOiAxMH0=');
    assert.equal(parsePageToken(createPageToken(1234)), 1234);
  });

  it('starts at 0 without a token', () => {
    assert.equal(parsePageToken(undefined), 0);
    assert.equal(parsePageToken(''), 0);
  });

  it("reads the offset with Python's int()", () => {
    assert.equal(parsePageToken(token('{"offset": "5"}')), 5);
    assert.equal(parsePageToken(token('{"offset": 5.9}')), 5);
    assert.equal(parsePageToken(token('{"offset": true}')), 1);
    assert.equal(parsePageToken(token('{"offset": " 1_0 "}')), 10);
    assert.equal(parsePageToken(token('{"offset": -3}')), -3);
  });

  it("decodes base64 like Python's lenient decoder", () => {
    assert.equal(parsePageToken('eyJvZmZz!ZXQiOiA1fQ=='), 5);
    assert.equal(parsePageToken('eyJvZmZzZXQiOiA1fQ==trailing'), 5);
    assert.throws(() => parsePageToken('eyJvZmZzZXQiOiA1fQ'), { message: 'Invalid page token, could not base64-decode' });
  });

  it('rejects falsy, missing and unreadable offsets', () => {
    for (const json of ['{"offset": 0}', '{"offset": ""}', '{}', '{"offset": null}', '[5]']) {
      assert.throws(() => parsePageToken(token(json)), /^InvalidSearchError: (Invalid page token, parsed value=|'list' object has no attribute 'get')/, json);
    }
    assert.throws(() => parsePageToken(token('{"offset": "5.5"}')), /Invalid page token, not stringable/);
    assert.throws(() => parsePageToken(token('not json')), /Invalid page token, decoded value=/);
  });
});
