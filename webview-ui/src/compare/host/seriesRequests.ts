import type { HostBridge } from './hostBridge';
import { markStart } from './startMarks';

/**
 * Collects the metrics whose charts came into view and asks for them in one message per frame.
 * Each metric is asked for once per comparison: the host keeps pushing its updates afterwards.
 */
export class SeriesRequests {
  private requested = new Set<string>();
  private pending: string[] = [];
  private epoch = -1;
  private scheduled = false;

  constructor(private readonly bridge: HostBridge) {}

  want(key: string, epoch: number): void {
    this.startEpoch(epoch);
    if (this.requested.has(key)) return;
    this.requested.add(key);
    this.pending.push(key);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      const keys = this.pending;
      this.pending = [];
      if (keys.length === 0) return;
      this.bridge.post({ type: 'requestSeries', keys });
      markStart('requestSeries');
    });
  }

  /** These metrics were asked for another way (with `ready`): they are not asked for again. */
  askedAlready(keys: readonly string[], epoch: number): void {
    this.startEpoch(epoch);
    for (const key of keys) this.requested.add(key);
  }

  has(key: string, epoch: number): boolean {
    return epoch === this.epoch && this.requested.has(key);
  }

  private startEpoch(epoch: number): void {
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    this.requested = new Set();
    this.pending = [];
  }
}
