const WINDOW_MS = 60_000;

/** Allows at most `maxPerMinute` restarts in any trailing minute. */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a restart and returns true, or returns false when the minute's restarts are used up. */
  take(): boolean {
    const now = this.now();
    while (this.restarts.length > 0 && this.restarts[0] <= now - WINDOW_MS) this.restarts.shift();
    if (this.restarts.length >= this.maxPerMinute) return false;
    this.restarts.push(now);
    return true;
  }
}
