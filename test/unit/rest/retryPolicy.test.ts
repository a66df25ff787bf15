import * as assert from 'node:assert/strict';
import { isRetriedStatus, parseRetryAfterMs, retryDelayMs } from '../../../src/core/tracking/rest/retryPolicy';

describe('retry policy (urllib3 Retry as MLflow configures it)', () => {
  const mlflowDefaults = { backoffFactorMs: 2000, backoffJitterMs: 1000, respectRetryAfter: true };

  it('waits 0, then factor * 2^(n-1) plus jitter, at most 120 s', () => {
    const noJitter = () => 0;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, mlflowDefaults, undefined, 0, noJitter)),
      [0, 4000, 8000, 16000, 32000, 64000, 120000],
    );
    assert.equal(retryDelayMs(2, mlflowDefaults, undefined, 0, () => 0.5), 4500);
    assert.equal(retryDelayMs(1, mlflowDefaults, undefined, 0, () => 0.5), 0);
  });

  it('takes Retry-After in seconds or as an HTTP date, when respected and positive', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(retryDelayMs(3, mlflowDefaults, '7', now), 7000);
    assert.equal(retryDelayMs(1, mlflowDefaults, 'Wed, 21 Oct 2015 07:28:30 GMT', now), 30000);
    assert.equal(retryDelayMs(2, mlflowDefaults, '0', now, () => 0), 4000);
    assert.equal(retryDelayMs(2, { ...mlflowDefaults, respectRetryAfter: false }, '7', now, () => 0), 4000);
    assert.equal(parseRetryAfterMs('soon'), null);
    assert.equal(parseRetryAfterMs('999999'), 21_600_000);
  });

  it('retries the transient codes, and 413 only with Retry-After', () => {
    assert.deepEqual([408, 429, 500, 502, 503, 504].filter((s) => isRetriedStatus(s, undefined, true)), [408, 429, 500, 502, 503, 504]);
    assert.deepEqual([400, 401, 403, 404, 409, 413, 501].filter((s) => isRetriedStatus(s, undefined, true)), []);
    assert.equal(isRetriedStatus(413, '1', true), true);
    assert.equal(isRetriedStatus(413, '1', false), false);
  });
});
