import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EncodedSeries, RunSummary, WebviewToHost } from '../../../src/protocol/compare';
import { formatNumber, metricValue } from '../../../webview-ui/src/compare/logic/metricNumber';
import { runPalette } from '../../../webview-ui/src/compare/logic/palette';
import { launchChromium } from '../../support/chromium';
import { testResultPath, testResultsDir } from '../../support/testResults';
import * as fixture from './compareFixture';
import { serveComparePage, type ComparePageServer } from './compareHarness';
import { canvasPixels, FakeHost, restoreStateOnLoad, savedState, tableCells } from './comparePage';

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const ofType = <T extends WebviewToHost['type']>(posted: WebviewToHost[], type: T) =>
  posted.filter((m): m is Extract<WebviewToHost, { type: T }> => m.type === type);

/** A page of the app with its fake host. */
interface OpenedApp {
  page: Page;
  host: FakeHost;
}

describe('Compare panel app in headless Chromium (100 runs, 100,000 steps)', function () {
  this.timeout(240_000);
  let server: ComparePageServer;
  let browser: Browser;
  let context: BrowserContext;
  let app: OpenedApp;
  /** console errors, page errors and error log messages of every page opened */
  const problems: string[] = [];
  const seriesCache = new Map<string, EncodedSeries[]>();
  const seriesFor = (key: string): EncodedSeries[] => {
    if (!seriesCache.has(key)) seriesCache.set(key, fixture.seriesFor(key));
    return seriesCache.get(key)!;
  };
  const loss = () => app.page.locator('.chart-card[data-metric="loss"] canvas');
  const screenshot = (name: string) => app.page.screenshot({ path: testResultPath(`compare-${name}.png`), fullPage: false });

  async function open(state?: unknown): Promise<OpenedApp> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.name}: ${error.message}`));
    if (state !== undefined) await restoreStateOnLoad(page, state);
    const host = new FakeHost(page, seriesFor);
    await page.goto(server.url);
    const posted = await host.until('ready', (p) => p.length > 0);
    // 1400 px wide: two charts a row, the ones the page names in ready so the host sends them unasked.
    assert.deepEqual(posted[0], { type: 'ready', firstCharts: { metricKeys: null, count: 2 } }, 'ready comes first: the host sends nothing before it');
    await host.init(fixture.initMessage());
    return { page, host };
  }

  before(async () => {
    fs.mkdirSync(testResultsDir, { recursive: true });
    // The long histories are made before the clock of any test starts.
    seriesFor(fixture.longMetric);
    server = await serveComparePage();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    app = await open();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks only for the charts in view and reports its first paint once', async () => {
    const posted = await app.host.until('first paint', (p) => p.some((m) => m.type === 'firstPaint'));
    const firstRequest = app.host.requested[0];
    assert.ok(firstRequest.includes(fixture.longMetric), `asked first for ${firstRequest}`);
    const offScreen = fixture.metricKeys.filter((key) => !app.host.requested.flat().includes(key));
    assert.ok(offScreen.length >= 2, `charts below the fold were asked for too early: ${app.host.requested.flat()}`);
    const [firstPaint] = ofType(posted, 'firstPaint');
    assert.ok(firstPaint.sinceStartMs > 0 && Number.isFinite(firstPaint.sinceStartMs), JSON.stringify(firstPaint));

    await app.page.locator('.chart-card').last().scrollIntoViewIfNeeded();
    await app.host.until('the charts scrolled into view to be asked for', () => fixture.metricKeys.every((key) => app.host.requested.flat().includes(key)));
    assert.equal(ofType(await app.host.sync(), 'firstPaint').length, 1);
    assert.equal(new Set(app.host.requested.flat()).size, app.host.requested.flat().length, 'each metric is asked for once');
  });

  it('draws every chart: each canvas has run-coloured pixels and a text alternative', async () => {
    const cards = app.page.locator('.chart-card');
    assert.equal(await cards.count(), fixture.metricKeys.length);
    const counts: string[] = [];
    for (const key of fixture.metricKeys) {
      const canvas = app.page.locator(`.chart-card[data-metric="${key}"] canvas`);
      await canvas.scrollIntoViewIfNeeded();
      await app.host.whenever(`${key} drawn`, async () => (await canvasPixels(canvas)).coloured > 2000);
      const stats = await canvasPixels(canvas);
      counts.push(`${key}: ${stats.drawn} drawn, ${stats.coloured} coloured`);
      assert.match((await canvas.getAttribute('aria-label')) ?? '', new RegExp(`^${key}: line chart of 100 runs`));
    }
    console.log(`      ${counts.join('\n      ')}`);
    await loss().scrollIntoViewIfNeeded();
    assert.match(await app.page.locator('.chart-card[data-metric="loss"] .chart-status').innerText(), /100 runs, up to 1,000 of 100,000 points per run/);
    await app.page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await screenshot('charts');
  });

  it('smoothing, log scale and x axis each change the drawing', async () => {
    const hashOf = async () => (await canvasPixels(loss())).hash;
    const changes = async (what: string, act: () => Promise<void>) => {
      const before = await hashOf();
      await act();
      await app.host.whenever(`${what} to redraw the chart`, async () => (await hashOf()) !== before);
    };
    const status = () => app.page.locator('.chart-card[data-metric="loss"] .chart-status').innerText();
    await changes('log scale', () => app.page.locator('vscode-checkbox#log-scale').click());
    // run-7's loss ends below zero
    await app.host.whenever('the note on hidden values', async () => /\d+ values ≤ 0 hidden on the log scale/.test(await status()));
    await changes('smoothing', async () => {
      await app.page.locator('.slider input[type="range"]').focus();
      await app.page.keyboard.press('End');
    });
    assert.equal(await app.page.locator('.slider output').innerText(), '0.999');
    await changes('relative time', async () => {
      await app.page.locator('vscode-dropdown#x-axis').click();
      await app.page.locator('vscode-dropdown#x-axis vscode-option', { hasText: 'Relative time' }).click();
    });
    assert.match((await loss().getAttribute('aria-label')) ?? '', /against relative time from/);
    await changes('ignoring outliers', () => app.page.locator('vscode-checkbox#ignore-outliers').click());
    await screenshot('smoothed-log-relative');
  });

  it('the legend hides a run in every chart and highlights one on hover', async () => {
    const runZeroColour = rgb(runPalette[0]);
    const pixels = () => canvasPixels(loss(), runZeroColour);
    const entry = app.page.locator(`.legend-entry[data-run-id="${fixture.runId(0)}"]`);
    await app.page.getByRole('button', { name: 'Hide all' }).click();
    await app.host.whenever('every run to be hidden', async () => (await pixels()).coloured === 0);
    assert.equal(await entry.getAttribute('aria-pressed'), 'false');
    await entry.click();
    await app.host.whenever('run-0 alone to be drawn', async () => (await pixels()).matching > 100);
    const alone = await pixels();
    assert.ok(alone.matching >= 0.8 * alone.coloured, `run-0 alone: ${alone.matching} of ${alone.coloured} coloured pixels in its colour`);
    console.log(`      run-0 alone: ${alone.matching} pixels in its colour of ${alone.coloured} coloured`);
    await app.page.getByRole('button', { name: 'Show all' }).click();
    await app.host.whenever('every run to be back', async () => (await pixels()).coloured > 10 * alone.coloured);
    await entry.click();
    assert.equal(await entry.getAttribute('aria-pressed'), 'false');
    assert.equal(await app.page.locator('.legend-count').innerText(), '99 of 100 runs shown');

    const plain = await canvasPixels(loss());
    await app.page.locator(`.legend-entry[data-run-id="${fixture.runId(1)}"]`).hover();
    await app.host.whenever('the highlight', async () => (await canvasPixels(loss())).hash !== plain.hash);
    await screenshot('highlight');
    await app.page.mouse.move(5, 5);
    await app.host.whenever('the highlight to end', async () => (await canvasPixels(loss())).hash === plain.hash);
  });

  it('tables list every run: parameters with "differences only", sortable metrics, run info', async () => {
    await app.page.locator('vscode-panel-tab#tab-params').click();
    const table = app.page.locator('#view-params table');
    const headers = () => table.locator('thead th').allInnerTexts();
    const sent = fixture.runs();
    const paramRows = (keys: string[]) => sent.map((run) => [run.runName, ...keys.map((key) => run.params[key])]);
    assert.deepEqual((await headers()).map((h) => h.trim()), ['Run', ...fixture.paramKeys]);
    assert.deepEqual(await tableCells(table), paramRows(fixture.paramKeys), 'every run with every parameter it was sent with');
    await app.page.locator('vscode-checkbox#differences-only').click();
    await app.host.whenever('equal parameters to be hidden', async () => (await headers()).length === 4);
    assert.deepEqual((await headers()).map((h) => h.trim()), ['Run', 'batch_size', 'lr', 'optimizer']);
    assert.deepEqual(await tableCells(table), paramRows(['batch_size', 'lr', 'optimizer']), 'epochs and seed, equal in every run, are hidden');
    assert.equal(await table.locator('tbody svg.run-swatch').count(), fixture.runCount);
    await screenshot('params');

    await app.page.locator('vscode-panel-tab#tab-metrics').click();
    const metrics = app.page.locator('#view-metrics table');
    const shown = (value: RunSummary['metrics'][string] | undefined) => formatNumber(metricValue(value));
    assert.deepEqual(
      await tableCells(metrics),
      sent.map((run) => [run.runName, ...fixture.metricKeys.flatMap((key) => [shown(run.metrics[key]), shown(run.metricStats[key].min), shown(run.metricStats[key].max)])]),
      'latest, min and max of every metric of every run as sent',
    );
    await metrics.getByRole('button', { name: 'Sort by loss Latest', exact: true }).click();
    await metrics.getByRole('button', { name: 'Sort by loss Latest, sorted ascending', exact: true }).click();
    assert.equal(await metrics.locator('th[aria-sort="descending"]').count(), 1);
    const firstRow = (await metrics.locator('tbody tr').first().locator('th').innerText()).trim();
    assert.notEqual(firstRow, 'run-7', 'run-7 ends lowest, so it is not first when sorted descending');
    assert.equal((await metrics.locator('tbody tr').last().locator('th').innerText()).trim(), 'run-3', 'NaN goes last');

    await app.page.locator('vscode-panel-tab#tab-runs').click();
    const runs = app.page.locator('#view-runs table');
    const info = (await tableCells(runs)).map(([name, experiment, status, , , commit, datasets]) => [name, experiment, status, commit, datasets]);
    assert.deepEqual(
      info,
      sent.map((run) => [run.runName, run.experimentName, run.status, run.gitCommit!.slice(0, 7), run.datasets.join(', ')]),
      'name, experiment, status, commit and datasets of every run as sent',
    );
    assert.match(await runs.locator('tbody').innerText(), /RUNNING[\s\S]*so far/);
    await screenshot('runs');
  });

  it('parallel coordinates and scatter plot draw one mark per run', async () => {
    await app.page.locator('vscode-panel-tab#tab-parallel').click();
    const parallel = app.page.locator('#view-parallel canvas');
    await app.host.whenever('parallel coordinates', async () => (await canvasPixels(parallel)).coloured > 5000);
    assert.match((await parallel.getAttribute('aria-label')) ?? '', /Parallel coordinates of 99 runs over batch_size .*lr .*optimizer .*loss/);
    await screenshot('parallel');

    await app.page.locator('vscode-panel-tab#tab-scatter').click();
    const scatter = app.page.locator('#view-scatter canvas');
    await app.host.whenever('scatter plot', async () => (await canvasPixels(scatter)).coloured > 1000);
    assert.match((await scatter.getAttribute('aria-label')) ?? '', /Scatter plot of loss against batch_size for \d+ runs/);
    await screenshot('scatter');
  });

  it('exports a chart as PNG and the chosen data as CSV', async () => {
    await app.page.locator('vscode-panel-tab#tab-charts').click();
    await app.page.getByRole('button', { name: 'Save loss chart as PNG' }).click();
    await app.page.getByRole('button', { name: 'Export CSV' }).click();
    const posted = await app.host.until('the exports', (p) => p.some((m) => m.type === 'exportCsv') && p.some((m) => m.type === 'savePng'));
    const [png] = ofType(posted, 'savePng');
    assert.equal(png.fileName, 'loss.png');
    assert.deepEqual([...Buffer.from(png.pngBase64, 'base64').subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual(ofType(posted, 'exportCsv')[0], { type: 'exportCsv', metricKeys: fixture.metricKeys, paramKeys: ['batch_size', 'lr', 'optimizer'] });
  });

  it('is operable from the keyboard: tabs, legend entries and chart zoom', async () => {
    await app.page.locator('vscode-panel-tab#tab-charts').focus();
    await app.page.keyboard.press('ArrowRight');
    assert.equal(await app.page.locator('vscode-panel-tab#tab-params').getAttribute('aria-selected'), 'true');
    await app.page.keyboard.press('Home');
    assert.equal(await app.page.locator('vscode-panel-tab#tab-charts').getAttribute('aria-selected'), 'true');

    const entry = app.page.locator(`.legend-entry[data-run-id="${fixture.runId(2)}"]`);
    await entry.focus();
    await app.page.keyboard.press('Space');
    assert.equal(await entry.getAttribute('aria-pressed'), 'false');
    await app.page.keyboard.press('Enter');
    assert.equal(await entry.getAttribute('aria-pressed'), 'true');

    await loss().focus();
    const before = (await canvasPixels(loss())).hash;
    await app.page.keyboard.press('+');
    await app.host.whenever('the keyboard zoom', async () => (await canvasPixels(loss())).hash !== before);
    await app.page.keyboard.press('0');
  });

  it('keeps its choices with setState and restores them after a reload', async () => {
    const state = (await savedState(app.page)) as Record<string, unknown>;
    assert.equal((state.runIds as string[]).length, fixture.runCount);
    assert.deepEqual(
      [state.tab, state.xAxis, state.smoothing, state.logScale, state.ignoreOutliers, state.differencesOnly, state.hiddenRuns],
      ['charts', 'relativeTime', 0.999, true, true, true, [fixture.runId(0)]],
    );
    problems.push(...ofType(await app.host.sync(), 'log').filter((m) => m.level === 'error').map((m) => `log: ${m.message}`));
    await app.page.close();

    app = await open(state);
    await app.host.until('the restored page to draw', (p) => p.some((m) => m.type === 'firstPaint'));
    assert.equal(await app.page.locator('.slider output').innerText(), '0.999');
    assert.equal(await app.page.locator('vscode-checkbox#log-scale').evaluate((e) => (e as unknown as { checked: boolean }).checked), true);
    assert.equal(await app.page.locator('vscode-checkbox#ignore-outliers').evaluate((e) => (e as unknown as { checked: boolean }).checked), true);
    assert.equal(await app.page.locator('vscode-dropdown#x-axis').evaluate((e) => (e as unknown as { value: string }).value), 'relativeTime');
    assert.equal(await app.page.locator(`.legend-entry[data-run-id="${fixture.runId(0)}"]`).getAttribute('aria-pressed'), 'false');
    assert.match((await loss().getAttribute('aria-label')) ?? '', /line chart of 99 runs, against relative time/);
    await screenshot('restored');
  });

  it('logged no errors: console, page errors and log messages', async () => {
    problems.push(...ofType(await app.host.sync(), 'log').filter((m) => m.level === 'error').map((m) => `log: ${m.message}`));
    assert.deepEqual(problems, []);
  });
});
