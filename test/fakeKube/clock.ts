// The fake cluster's time. Pod readiness, image pull back-off, progress deadlines and watch
// timeouts all run on it, so a test decides when time passes (manual) or lets it pass on its own
// (real), and can skip ahead in both (a 600 s progress deadline need not take 600 s).

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

export type ClockMode = 'manual' | 'real';

const MAX_ROUNDS_PER_INSTANT = 1000;

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
    let roundsAtThisInstant = 0;
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > target) break;
      const at = Math.max(next.at, this.now());
      roundsAtThisInstant = at === this.now() ? roundsAtThisInstant + 1 : 0;
      if (roundsAtThisInstant > MAX_ROUNDS_PER_INSTANT) throw new Error(`fakeKube clock: timers keep falling due at ${new Date(at).toISOString()} (a controller re-arms itself for the same instant)`);
      this.setNow(at);
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

  /** Fires the timers due now; one scheduled for now by a callback waits for the next round, so a timer that re-arms itself cannot spin. */
  private fireDue(): void {
    const now = this.now();
    const lastSeq = this.seq;
    for (;;) {
      const index = this.timers.findIndex((t) => t.at <= now && t.seq < lastSeq);
      if (index < 0) break;
      const [timer] = this.timers.splice(index, 1);
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
