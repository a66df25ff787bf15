import * as assert from 'node:assert/strict';
import { testResultPath } from '../support/testResults';
import { waitFor } from '../support/waitFor';
import { runFromCommandPalette } from './commandPalette';
import { expand, openMlopsContainer, treeRow, viewPane } from './viewParts';
import './workbenchContext';

// What a user sees in the MLOps container on the demo workspace (demo/make_demo_store.py).
const RUNNING = 'mlp-32x32-long';
describe('the MLOps container on the demo workspace', () => {
  it('lists experiments and their runs with status and metric', async function () {
    const { page } = this.workbench;
    await openMlopsContainer(page);
    const runs = viewPane(page, 'Runs');
    const experiment = treeRow(runs, 'iris-classifier');
    await expand(experiment);
    await treeRow(runs, RUNNING).waitFor({ state: 'visible' });
    const labels = await runs.locator('.monaco-list-row').allInnerTexts();
    assert.ok(labels.some((l) => l.startsWith('churn-model')), labels.join(' | '));
    const running = await treeRow(runs, RUNNING).getAttribute('aria-label');
    assert.match(running ?? '', new RegExp(`${RUNNING}, running, .* ago · accuracy 0\\.\\d+`));
    await this.workbench.screenshot(testResultPath('e2e-runs-view.png'));
  });

  it('shows params, metrics and sparklines when hovering a run', async function () {
    const { page } = this.workbench;
    const runs = viewPane(page, 'Runs');
    const row = runs.locator('.monaco-list-row[aria-label*="finished"]').first();
    await row.hover();
    const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'metric' });
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await hover.innerText();
    assert.match(text, /accuracy/);
    assert.match(text, /param/);
    assert.ok((await hover.locator('img[src^="data:image/svg+xml"]').count()) >= 1, 'no sparkline images in the tooltip');
    await this.workbench.screenshot(testResultPath('e2e-run-tooltip.png'));
    await page.mouse.move(900, 400);
  });

  it('filters runs with MLflow syntax from the command palette', async function () {
    const { page } = this.workbench;
    await runFromCommandPalette(page, 'MLOps: Filter Runs');
    const input = page.locator('.quick-input-widget input');
    await input.fill('metrics.accuracy > 0.9');
    await page.keyboard.press('Enter');
    const runs = viewPane(page, 'Runs');
    await runs.locator('.pane-header', { hasText: 'filter: metrics.accuracy > 0.9' }).waitFor({ state: 'visible' });
    const accuracies = async () => {
      const labels = await runs.locator('.monaco-list-row[aria-label*=" ago · accuracy "]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      return labels.map((label) => Number(/accuracy (\S+)$/.exec(label)?.[1]));
    };
    await waitFor('only runs with accuracy > 0.9 listed', 30_000, async () => {
      const shown = await accuracies();
      return shown.length >= 3 && shown.every((a) => a > 0.9);
    });
    await this.workbench.screenshot(testResultPath('e2e-runs-filtered.png'));
    await runFromCommandPalette(page, 'MLOps: Clear Run Filter');
    await waitFor('runs with accuracy <= 0.9 listed again', 30_000, async () => (await accuracies()).some((a) => a <= 0.9));
  });

  it('shows registered model versions with stage and aliases', async function () {
    const { page } = this.workbench;
    const models = viewPane(page, 'Models');
    await expand(treeRow(models, /^iris-classifier/));
    const champion = treeRow(models, '@champion');
    await champion.waitFor({ state: 'visible' });
    assert.match(await champion.innerText(), /Production/);
    await this.workbench.screenshot(testResultPath('e2e-models-view.png'));
  });

  it('shows the datasets the runs used and the DVC-tracked data', async function () {
    const { page } = this.workbench;
    const datasets = viewPane(page, 'Datasets');
    const mlflowGroup = treeRow(datasets, 'MLflow datasets');
    await expand(mlflowGroup);
    await treeRow(datasets, 'iris-train').waitFor({ state: 'visible' });
    assert.match((await datasets.locator('.monaco-list-row').allInnerTexts()).join(' | '), /iris-val/);
    await mlflowGroup.click();
    await expand(treeRow(datasets, 'DVC data'));
    await treeRow(datasets, /iris\.csv/).waitFor({ state: 'visible' });
    await this.workbench.screenshot(testResultPath('e2e-datasets-view.png'));
  });

  it('says when the chosen store cannot be read, with buttons to fix it', async function () {
    const { page } = this.workbench;
    await runFromCommandPalette(page, 'Preferences: Open Workspace Settings (JSON)');
    const editor = page.locator('.monaco-editor textarea').first();
    await editor.waitFor({ state: 'attached' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{ "mlops.trackingUri": "sqlite:///missing/mlflow.db" }');
    await page.keyboard.press('Control+S');
    const runs = viewPane(page, 'Runs');
    await runs.locator('.monaco-list-row', { hasText: 'no MLflow database at' }).waitFor({ state: 'visible', timeout: 30_000 });
    await this.workbench.screenshot(testResultPath('e2e-store-error.png'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{}');
    await page.keyboard.press('Control+S');
    await treeRow(runs, 'iris-classifier').waitFor({ state: 'visible', timeout: 30_000 });
  });
});
