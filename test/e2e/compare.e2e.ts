import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { formatNumber } from '../../src/core/format/numbers';
import { openTrackingStore } from '../../src/core/tracking/openTrackingStore';
import type { Run } from '../../src/core/tracking/types';
import { parseRunnerArgs } from '../support/runnerArgs';
import { testResultPath } from '../support/testResults';
import { waitFor } from '../support/waitFor';
import { runFromCommandPalette } from './commandPalette';
import { expand, openMlopsContainer, treeRow, viewPane } from './viewParts';
import './workbenchContext';

// The three newest runs of the demo's iris-classifier experiment (demo/demo_store_content.py):
// the first rows of the experiment, so all three are on screen however small the Runs view is.
const COMPARED = ['mlp-32x32-long', 'mlp-32x32-seed-7', 'mlp-32x32'];
const RECENT_RUNS = 5;

/** The page of a webview panel: code-server nests the app's document in an iframe inside the webview's iframe. */
function webviewContent(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

function compareTab(page: Page, title: string): Locator {
  return page.locator('.tabs-container .tab', { hasText: title });
}

/** The demo workspace run.ts opened. */
const workspace = (): string => parseRunnerArgs(process.argv.slice(2)).workspace;

/** The demo store as this process reads it, without the extension: what the workbench should show. */
async function newestRunsThatLogged(key: string): Promise<Run[]> {
  const db = path.join(workspace(), 'mlflow.db');
  const store = openTrackingStore({ kind: 'sqlite', path: db, uri: `sqlite:///${db}`, source: 'explicit' });
  try {
    const page = await store.searchRuns({ experimentIds: [], view: 'active', orderBy: ['attributes.start_time DESC'], maxResults: 1000 });
    return page.runs.filter((run) => key in run.data.metrics).slice(0, RECENT_RUNS);
  } finally {
    store.close();
  }
}

/**
 * Runs the item of the open context menu with the keyboard. A click on an item right after the
 * menu opened is sometimes lost in code-server's menu (the item shows hovered, nothing runs).
 */
async function runMenuItem(page: Page, label: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  await menu.locator('.action-label', { hasText: label }).waitFor({ state: 'visible' });
  const focused = menu.locator('.action-item.focused', { hasText: label });
  const labels = (await menu.locator('.action-item:not(.disabled) .action-label').allInnerTexts()).map((t) => t.trim());
  assert.ok(labels.includes(label), `no ${label} in ${labels.join(', ')}`);
  for (let i = 0; i <= labels.indexOf(label) && (await focused.count()) === 0; i++) await page.keyboard.press('ArrowDown');
  await focused.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Closes every editor with its tab's close button (keys could land in a webview that has the focus). */
async function closeEditors(page: Page): Promise<void> {
  const tabs = page.locator('.tabs-container .tab');
  for (let open = await tabs.count(); open > 0; open = await tabs.count()) {
    await tabs.first().hover();
    await tabs.first().locator('.tab-actions .action-label').click();
    await waitFor('the tab to close', 10_000, async () => (await tabs.count()) < open, 50);
  }
}

describe('the Compare panel on the demo workspace', () => {
  afterEach(async function () {
    const { page } = this.workbench;
    // A failed step can leave a menu or a quick input open.
    await page.keyboard.press('Escape');
    await closeEditors(page);
  });

  after(async function () {
    // The next suites open the MLOps container with a click on its icon, which hides it when it is already shown.
    await runFromCommandPalette(this.workbench.page, 'View: Show Explorer');
  });

  it('compares three runs multi-selected in the Runs view: charts drawn, the runs and their differing params listed', async function () {
    this.timeout(180_000);
    const { page } = this.workbench;
    await openMlopsContainer(page);
    const runs = viewPane(page, 'Runs');
    await expand(treeRow(runs, 'iris-classifier'));
    const rows = COMPARED.map((name) => runs.locator(`.monaco-list-row[aria-label^="${name}, "]`));
    await rows[0].click();
    for (const row of rows.slice(1)) await row.click({ modifiers: ['Control'] });
    await runs.locator('.monaco-list-row.selected').nth(2).waitFor({ state: 'visible' });
    assert.equal(await runs.locator('.monaco-list-row.selected').count(), 3);

    await rows[2].click({ button: 'right' });
    await runMenuItem(page, 'Compare Runs');
    await compareTab(page, 'Compare 3 runs').waitFor({ state: 'visible', timeout: 30_000 });

    const app = webviewContent(page);
    await app.locator('.chart-card canvas').first().waitFor({ state: 'visible', timeout: 60_000 });
    const legend = app.locator('.legend-entry');
    await legend.nth(2).waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual((await legend.allInnerTexts()).map((t) => t.trim()), COMPARED, 'one legend entry per selected run, in the selection order');
    assert.match((await app.locator('.chart-card[data-metric="accuracy"] canvas').getAttribute('aria-label')) ?? '', /^accuracy: line chart of 3 runs/);
    // The run's tooltip from the right-click would cover the panel in the screenshot.
    await page.mouse.move(800, 60);
    await page.locator('.monaco-hover').first().waitFor({ state: 'hidden' });
    await this.workbench.screenshot(testResultPath('e2e-compare-panel.png'));

    // Of the params the three share, only lr and seed differ (demo_store_content.py).
    await app.locator('vscode-panel-tab#tab-params').click();
    const table = app.locator('#view-params table');
    await app.locator('vscode-checkbox#differences-only').click();
    const headers = table.locator('thead th');
    await headers.nth(2).waitFor({ state: 'visible' });
    await table.locator('thead th', { hasText: 'epochs' }).waitFor({ state: 'detached' });
    assert.deepEqual((await headers.allInnerTexts()).map((h) => h.trim()), ['Run', 'lr', 'seed']);
    const rowsShown = await table.locator('tbody tr').allInnerTexts();
    assert.deepEqual(rowsShown.map((r) => r.split(/\s+/).filter(Boolean)), [
      ['mlp-32x32-long', '0.002', '42'],
      ['mlp-32x32-seed-7', '0.005', '7'],
      ['mlp-32x32', '0.005', '42'],
    ]);
    await this.workbench.screenshot(testResultPath('e2e-compare-params.png'));
  });

  it('shows the latest train/loss above the call in train.py, and its lens opens Compare on the recent runs', async function () {
    this.timeout(180_000);
    const { page } = this.workbench;
    const logged = await newestRunsThatLogged('train/loss');
    const values = logged.map((run) => run.data.metrics['train/loss']).filter(Number.isFinite);
    const expected = `train/loss ${formatNumber(logged[0].data.metrics['train/loss'])} (latest run, training) · best ${formatNumber(Math.min(...values))} in ${logged.length} recent runs`;

    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('train.py');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'train.py' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'FEATURES' }).waitFor({ state: 'visible' });
    // Lenses are resolved only for the lines on screen: go to the call.
    const line = fs.readFileSync(path.join(workspace(), 'train.py'), 'utf8').split('\n').findIndex((l) => l.includes('mlflow.log_metric("train/loss"')) + 1;
    assert.ok(line > 0, 'train.py no longer logs train/loss');
    await page.keyboard.press('Control+G');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'train/loss' }).first();
    await lens.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal((await lens.innerText()).trim(), expected);
    await this.workbench.screenshot(testResultPath('e2e-metric-codelens.png'));

    await lens.click();
    await compareTab(page, `Compare ${logged.length} runs`).waitFor({ state: 'visible', timeout: 30_000 });
    const legend = webviewContent(page).locator('.legend-entry');
    await legend.nth(logged.length - 1).waitFor({ state: 'visible', timeout: 60_000 });
    assert.deepEqual((await legend.allInnerTexts()).map((t) => t.trim()), logged.map((run) => run.info.run_name));
  });
});
