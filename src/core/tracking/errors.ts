/** A failure that names the store and says why, for the user and for the CLI's stderr. */
export class TrackingError extends Error {
  constructor(
    readonly uri: string,
    readonly reason: string,
    readonly code: TrackingErrorCode = 'UNAVAILABLE',
    options?: { cause?: unknown },
  ) {
    super(`${uri}: ${reason}`, options);
    this.name = 'TrackingError';
  }
}

export type TrackingErrorCode =
  | 'NOT_FOUND' // the store, or an item in it, does not exist
  | 'INVALID_ARGUMENT' // a filter, order_by or page token the store rejects
  | 'UNAUTHENTICATED' // 401
  | 'PERMISSION_DENIED' // 403
  | 'CORRUPT' // the store exists but cannot be read as MLflow data
  | 'BUSY' // a writer holds the store for longer than we wait
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'UNAVAILABLE'; // the server is down or answers 5xx

/** The message of any thrown value, for problem reports and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function throwIfAborted(signal: AbortSignal | undefined, uri: string): void {
  if (signal?.aborted) throw new TrackingError(uri, 'cancelled', 'CANCELLED');
}
