import type { LoadedSeries } from './seriesLoader';

export interface SeriesBatchesOptions {
  /** posts one batch; never called with an empty one */
  send(batch: LoadedSeries[]): void;
  /** a batch is sent as soon as it holds this many bytes of JSON */
  maxBatchBytes: number;
  /** otherwise series that arrive together are sent together, at most this long after the first */
  delayMs: number;
}

/**
 * Groups series into messages as their histories arrive: what is ready at once (cached series)
 * goes out in the first message, later ones every `delayMs` or whenever a batch is full, so the
 * first chart draws early and a hundred runs do not cost a hundred messages.
 */
export class SeriesBatches {
  private batch: LoadedSeries[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private sentAny = false;
  private closed = false;

  constructor(private readonly options: SeriesBatchesOptions) {}

  add(loaded: LoadedSeries): void {
    if (this.closed) return;
    if (this.bytes > 0 && this.bytes + loaded.bytes > this.options.maxBatchBytes) this.flush();
    this.batch.push(loaded);
    this.bytes += loaded.bytes;
    if (this.bytes >= this.options.maxBatchBytes) this.flush();
    // The first message waits only for what is already at hand (promises settled in this turn).
    else this.timer ??= setTimeout(() => this.flush(), this.sentAny ? this.options.delayMs : 0);
  }

  /** Sends what is left; nothing is added afterwards. */
  finish(): void {
    this.flush();
    this.closed = true;
  }

  /** Drops what is left (the page that asked is gone). */
  cancel(): void {
    this.clearTimer();
    this.batch = [];
    this.bytes = 0;
    this.closed = true;
  }

  private flush(): void {
    this.clearTimer();
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.bytes = 0;
    this.sentAny = true;
    this.options.send(batch);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
