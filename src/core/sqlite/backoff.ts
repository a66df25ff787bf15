/**
 * Blocks the thread for `ms` without spinning. The API is synchronous, so there is no
 * event loop to yield to; Atomics.wait sleeps in the kernel until the timeout.
 */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** 1, 2, 4, ... ms, capped, so short writes are waited out quickly and long ones cheaply. */
export function backoffMs(attempt: number): number {
  return Math.min(50, 2 ** attempt);
}
