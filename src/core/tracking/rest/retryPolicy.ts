// When and how long to wait before retrying, as urllib3's Retry does it for MLflow's client
// (mlflow/utils/request_utils.py: total=connect=read=status=max_retries, any method).

/** _TRANSIENT_FAILURE_RESPONSE_CODES */
const RETRY_STATUS_CODES = new Set([408, 429, 500, 502, 503, 504]);
/** urllib3's Retry.RETRY_AFTER_STATUS_CODES: retried when they carry Retry-After */
const RETRY_AFTER_STATUS_CODES = new Set([413, 429, 503]);
const BACKOFF_MAX_MS = 120_000; // Retry.DEFAULT_BACKOFF_MAX
const RETRY_AFTER_MAX_MS = 21_600_000; // Retry.DEFAULT_RETRY_AFTER_MAX

export interface BackoffSettings {
  backoffFactorMs: number;
  backoffJitterMs: number;
  respectRetryAfter: boolean;
}

export function isRetriedStatus(status: number, retryAfter: string | undefined, respectRetryAfter: boolean): boolean {
  if (RETRY_STATUS_CODES.has(status)) return true;
  return respectRetryAfter && retryAfter !== undefined && RETRY_AFTER_STATUS_CODES.has(status);
}

/**
 * The wait before retry number `retry` (1 for the first retry). urllib3 retries the first
 * failure at once, then waits factor * 2^(n-1) plus up to `jitter`, at most 120 s; a server's
 * Retry-After replaces that wait when it asks for a positive one.
 */
export function retryDelayMs(
  retry: number,
  settings: BackoffSettings,
  retryAfter: string | undefined,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  if (settings.respectRetryAfter && retryAfter !== undefined) {
    const asked = parseRetryAfterMs(retryAfter, now);
    if (asked !== null && asked > 0) return asked;
  }
  if (retry <= 1) return 0;
  let delay = settings.backoffFactorMs * 2 ** (retry - 1);
  if (settings.backoffJitterMs > 0) delay += random() * settings.backoffJitterMs;
  return Math.max(0, Math.min(BACKOFF_MAX_MS, delay));
}

/** Seconds or an HTTP date; null when it is neither (urllib3 would fail the request instead). */
export function parseRetryAfterMs(value: string, now: number = Date.now()): number | null {
  let ms: number;
  if (/^\s*\d+\s*$/.test(value)) {
    ms = Number(value.trim()) * 1000;
  } else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return null;
    ms = date - now;
  }
  return Math.min(Math.max(ms, 0), RETRY_AFTER_MAX_MS);
}
