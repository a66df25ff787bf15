// The fake cluster's time. Pod readiness, image pull back-off, progress deadlines and watch
// timeouts all run on it, so a test decides when time passes (manual) or lets it pass on its own
// (real), and can skip ahead in both (a 600 s progress deadline need not take 600 s).

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

export type ClockMode = 'manual' | 'real';

export class FakeClock {
  private timers: Timer[] = [];
  private seq = 0;
  private offset = 0;
  private manualNow: number;
  private armed: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Awaited after each step of `advance`, so asynchronous work (registry look-ups) lands in order. */
  settle: () => Promise<void> = async () => {};

  constructor(readonly mode: ClockMode, startAt = Date.now()) {
    this.manualNow = Math.floor(startAt / 1000) * 1000;
  }

  now(): number {
    return this.mode === 'manual' ? this.manualNow : Date.now() + this.offset;
  }

  /** Runs `callback` once the clock reaches `atMs`; returns a cancel function. */
  schedule(atMs: number, callback: () => void): () => void {
    const timer: Timer = { at: atMs, seq: this.seq++, callback };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.arm();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
      this.arm();
    };
  }

  /** Moves time forward by `ms`, firing due timers one at a time at their own instant. */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new Error('The fake clock only moves forward');
    const target = this.now() + ms;
    await this.settle();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.setNow(Math.max(next.at, this.now()));
      this.fireDue();
      await this.settle();
    }
    this.setNow(target);
    this.fireDue();
    await this.settle();
  }

  /** Earliest pending timer, for tests that want to jump straight to the next change. */
  nextTimerAt(): number | undefined {
    return this.timers[0]?.at;
  }

  stop(): void {
    this.stopped = true;
    this.timers = [];
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
  }

  private setNow(ms: number): void {
    if (this.mode === 'manual') this.manualNow = ms;
    else this.offset = ms - Date.now();
  }

  private fireDue(): void {
    const now = this.now();
    while (this.timers.length > 0 && this.timers[0].at <= now) {
      const timer = this.timers.shift()!;
      timer.callback();
    }
    this.arm();
  }

  private arm(): void {
    if (this.mode !== 'real' || this.stopped) return;
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
    const next = this.timers[0];
    if (!next) return;
    this.armed = setTimeout(() => {
      this.armed = undefined;
      this.fireDue();
    }, Math.max(0, next.at - this.now()));
    this.armed.unref();
  }
}
