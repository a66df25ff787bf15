/** Least-recently-used pages, bounded by total bytes. */
export class PageCache {
  private readonly pages = new Map<number, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(pgno: number): Buffer | undefined {
    const page = this.pages.get(pgno);
    if (page !== undefined) {
      // Map iteration order is insertion order, so re-inserting marks the page as recent.
      this.pages.delete(pgno);
      this.pages.set(pgno, page);
    }
    return page;
  }

  set(pgno: number, page: Buffer): void {
    this.delete(pgno);
    this.pages.set(pgno, page);
    this.bytes += page.length;
    while (this.bytes > this.maxBytes && this.pages.size > 1) {
      const oldest = this.pages.keys().next().value as number;
      this.delete(oldest);
    }
  }

  delete(pgno: number): void {
    const page = this.pages.get(pgno);
    if (page === undefined) return;
    this.pages.delete(pgno);
    this.bytes -= page.length;
  }

  clear(): void {
    this.pages.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.pages.size;
  }
}
