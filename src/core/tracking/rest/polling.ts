// Polls while subscribed: one poll at a time (the next is scheduled only after the previous
// one finished), stopped and its request aborted on dispose.
import type { Disposable, StoreChange } from '../types';

export interface PollingOptions<T> {
  intervalMs: number;
  /** reads the server's current state */
  take: (signal: AbortSignal) => Promise<T>;
  /** what changed between two states, or null */
  diff: (previous: T, next: T) => StoreChange | null;
  onChange: (change: StoreChange) => void;
  /** called once when polling starts failing, again only after a poll succeeded */
  onError?: (error: unknown) => void;
  onDispose?: () => void;
}

export function startPolling<T>(options: PollingOptions<T>): Disposable {
  const controller = new AbortController();
  let disposed = false;
  let timer: NodeJS.Timeout | undefined;
  let previous: T | undefined;
  let failing = false;

  const report = (error: unknown): void => {
    if (failing) return;
    failing = true;
    try {
      options.onError?.(error);
    } catch {
      // A throwing error handler must not stop the polling.
    }
  };

  const poll = async (): Promise<void> => {
    timer = undefined;
    try {
      const next = await options.take(controller.signal);
      if (disposed) return;
      const change = previous === undefined ? null : options.diff(previous, next);
      previous = next;
      failing = false;
      if (change) options.onChange(change);
    } catch (error) {
      if (disposed) return;
      report(error);
    }
    if (!disposed) timer = setTimeout(() => void poll(), options.intervalMs);
  };

  void poll();
  return {
    dispose(): void {
      if (disposed) return;
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      controller.abort();
      options.onDispose?.();
    },
  };
}
