import * as assert from 'node:assert/strict';
import { formatDuration, formatRelativeTime, formatTimestamp } from '../../../src/core/format/time';
import { formatNumber } from '../../../src/core/format/numbers';

describe('time and number formatting', () => {
  const now = Date.UTC(2026, 10, 27, 12, 0, 0);

  it('says how long ago a run started, in the largest whole unit', () => {
    assert.equal(formatRelativeTime(now - 20_000, now), 'just now');
    assert.equal(formatRelativeTime(now - 60_000, now), '1 minute ago');
    assert.equal(formatRelativeTime(now - 3 * 3600_000 - 5, now), '3 hours ago');
    assert.equal(formatRelativeTime(now - 8 * 86400_000, now), '1 week ago');
    assert.equal(formatRelativeTime(now + 2 * 86400_000, now), 'in 2 days');
    assert.equal(formatRelativeTime(null, now), 'never started');
  });

  it('formats durations compactly', () => {
    assert.equal(formatDuration(0, 45_000), '45s');
    assert.equal(formatDuration(0, 61_000), '1m01s');
    assert.equal(formatDuration(0, 3 * 3600_000 + 5 * 60_000), '3h05m');
    assert.equal(formatDuration(0, 2 * 86400_000 + 3600_000), '2d01h');
    assert.equal(formatDuration(0, null), '-');
  });

  it('formats timestamps in UTC and numbers with six significant digits', () => {
    assert.equal(formatTimestamp(now), '2026-11-27 12:00:00');
    assert.equal(formatNumber(0.123456789), '0.123457');
    assert.equal(formatNumber(42), '42');
    assert.equal(formatNumber(Number.NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '-inf');
  });
});
