import type { HostBridge } from './hostBridge';
import { markStart, startMarks } from './startMarks';

/** Tells the host, once, when the first chart has drawn data: the number the panel is judged by. */
export class FirstPaintReporter {
  private reported = false;

  constructor(private readonly bridge: HostBridge) {}

  chartDrewData(): void {
    if (this.reported) return;
    this.reported = true;
    markStart('firstPaint');
    this.bridge.post({ type: 'firstPaint', sinceStartMs: performance.now(), marks: startMarks() });
  }
}
