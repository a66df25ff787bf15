import type { HostBridge } from './hostBridge';
import { markStart, startMarks } from './startMarks';

/** Tells the host, once, when the first chart has drawn data: the number the panel is judged by. */
export class FirstPaintReporter {
  private reported = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly bridge: HostBridge) {}

  get hasReported(): boolean {
    return this.reported;
  }

  chartDrewData(): void {
    if (this.reported) return;
    this.reported = true;
    markStart('firstPaint');
    this.bridge.post({ type: 'firstPaint', sinceStartMs: performance.now(), marks: startMarks() });
    for (const listener of this.listeners) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
