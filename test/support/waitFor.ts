/** Polls `check` until it returns true; rejects with `what` once `timeoutMs` has passed. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
