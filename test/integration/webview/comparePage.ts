import type { Locator, Page } from 'playwright-core';
import { firstChartKeys } from '../../../src/features/compare/compareSession';
import type { EncodedSeries, HostToWebview, WebviewToHost } from '../../../src/protocol/compare';
import { waitFor } from '../../support/waitFor';

// The page's globals as harness.js defines them; the root tsconfig has no DOM types, so the
// browser-side callbacks below describe what they touch with these small shapes.
interface HarnessGlobals {
  __posted: WebviewToHost[];
  __state: unknown;
  __initialState: unknown;
  postMessage(message: unknown, targetOrigin: string): void;
}

interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

export interface PixelStats {
  /** pixels with any opacity: axes, grid, labels and lines */
  drawn: number;
  /** saturated pixels: the run colours (grid and text are grey) */
  coloured: number;
  /** pixels within a small distance of the `match` colour */
  matching: number;
  /** changes whenever anything on the canvas does */
  hash: number;
}

export function canvasPixels(canvas: Locator, match: readonly [number, number, number] = [0, 0, 0]): Promise<PixelStats> {
  return canvas.evaluate((element, rgb) => {
    const c = element as unknown as CanvasLike;
    const context = c.getContext('2d');
    if (!context) throw new Error('canvas has no 2D context');
    const { data } = context.getImageData(0, 0, c.width, c.height);
    let drawn = 0;
    let coloured = 0;
    let matching = 0;
    let hash = 17;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      hash = (Math.imul(hash, 31) + (r ^ (g << 8) ^ (b << 16) ^ (a << 24))) | 0;
      if (a === 0) continue;
      drawn++;
      if (Math.max(r, g, b) - Math.min(r, g, b) >= 60) coloured++;
      if (Math.abs(r - rgb[0]) + Math.abs(g - rgb[1]) + Math.abs(b - rgb[2]) <= 30) matching++;
    }
    return { drawn, coloured, matching, hash };
  }, match);
}

export function sendToApp(page: Page, message: HostToWebview): Promise<void> {
  return page.evaluate((m) => (globalThis as unknown as HarnessGlobals).postMessage(m, '*'), message);
}

export function postedMessages(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => (globalThis as unknown as HarnessGlobals).__posted);
}

export function savedState(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as unknown as HarnessGlobals).__state);
}

/** Makes the page start with `state` as what getState() returns, as VS Code does after a reload. */
export async function restoreStateOnLoad(page: Page, state: unknown): Promise<void> {
  await page.addInitScript((s) => {
    (globalThis as unknown as HarnessGlobals).__initialState = s;
  }, state);
}

/**
 * Plays the extension host: answers each requestSeries with every run's series of those metrics,
 * in messages of 25 series as the host batches them, and remembers what was asked.
 */
export class FakeHost {
  readonly requested: string[][] = [];
  private answered = 0;

  constructor(
    private readonly page: Page,
    private readonly seriesFor: (key: string) => EncodedSeries[],
  ) {}

  /** Sends init, then, as the host does, the series of the first charts the page named in `ready`. */
  async init(message: HostToWebview): Promise<void> {
    if (message.type !== 'init') throw new Error(`init expected, not ${message.type}`);
    await sendToApp(this.page, message);
    const ready = (await postedMessages(this.page)).find((m) => m.type === 'ready');
    const keys = ready?.type === 'ready' && ready.firstCharts ? firstChartKeys(ready.firstCharts, message.metricKeys) : [];
    if (keys.length > 0) await this.answer(keys);
  }

  async sync(): Promise<WebviewToHost[]> {
    const posted = await postedMessages(this.page);
    const requests = posted.flatMap((m) => (m.type === 'requestSeries' ? [m.keys] : []));
    for (const keys of requests.slice(this.answered)) await this.answer(keys);
    this.answered = requests.length;
    return posted;
  }

  private async answer(keys: string[]): Promise<void> {
    this.requested.push(keys);
    for (const key of keys) {
      const series = this.seriesFor(key);
      for (let i = 0; i < series.length; i += 25) await sendToApp(this.page, { type: 'series', series: series.slice(i, i + 25) });
    }
  }

  /** Answers requests until `done` holds for what the app has posted. */
  async until(what: string, done: (posted: WebviewToHost[]) => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<WebviewToHost[]> {
    let last: WebviewToHost[] = [];
    await waitFor(what, timeoutMs, async () => done((last = await this.sync())), 100);
    return last;
  }

  /** Answers requests until `check` holds for the page. */
  async whenever(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    await waitFor(what, timeoutMs, async () => {
      await this.sync();
      return check();
    }, 100);
  }
}

interface ElementLike {
  children: ArrayLike<{ textContent: string | null }>;
}

/** The text of every body cell of a table, row by row, the run column included. */
export function tableCells(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from((row as unknown as ElementLike).children, (cell) => (cell.textContent ?? '').trim())),
  );
}
