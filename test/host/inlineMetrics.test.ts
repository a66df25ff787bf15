import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatNumber } from '../../src/core/format/numbers';
import { openTrackingStore } from '../../src/core/tracking/openTrackingStore';
import type { Run, TrackingStore } from '../../src/core/tracking/types';
import type { CompareFeature } from '../../src/features/compare/compareFeature';
import type { InlineMetricsFeature } from '../../src/features/inline/inlineMetricsFeature';
import { repoRoot, runPython } from '../support/python';
import { folderNamed, mlopsApi, nextEvent } from './hostApi';
import { HOST_FOLDERS, INLINE_SCRIPTS } from './hostWorkspace';

const RECENT_RUNS = 5;

interface LensShown {
  line: number;
  title: string;
  command: string;
  arguments: unknown[] | undefined;
}

/** The lenses of the inline metrics, resolved, as VS Code shows them. */
async function metricLenses(uri: vscode.Uri): Promise<LensShown[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses
    .filter((lens) => lens.command?.command === 'mlops.runs.compare' || /not logged by any run|cannot read/.test(lens.command?.title ?? ''))
    .map((lens) => ({ line: lens.range.start.line, title: lens.command?.title ?? '', command: lens.command?.command ?? '', arguments: lens.command?.arguments }))
    .sort((a, b) => a.line - b.line || a.title.localeCompare(b.title));
}

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const texts = hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  return texts.find((text) => text.includes('command:mlops.runs.compare') || text.includes('has not been logged'));
}

function compareArgument(markdown: string): unknown {
  const match = /\]\(command:mlops\.runs\.compare\?([^)]+)\)/.exec(markdown);
  assert.ok(match, `no compare link in ${markdown.slice(0, 300)}`);
  return JSON.parse(decodeURIComponent(match[1]));
}

/** The line of the first line of `text` that contains `fragment`. */
function lineOf(text: string, fragment: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(fragment));
  assert.ok(line >= 0, `no line with ${fragment}`);
  return line;
}

/** Runs `command` as a click does and resolves with the names and ids of the runs the Compare panel that opens shows. */
async function comparedBy(compare: CompareFeature, command: vscode.Command): Promise<{ title: string; runIds: string[]; names: string[] }> {
  const opened = nextEvent(compare.onDidOpenPanel, () => true, 30_000, 'a Compare panel to open');
  await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
  const panel = await opened;
  try {
    const init = await nextEvent(panel.channel.onDidPost, (m) => m.type === 'init', 90_000, 'the panel to send init');
    return { title: panel.panel.title, runIds: [...panel.runIds], names: init.type === 'init' ? init.runs.map((r) => r.runName) : [] };
  } finally {
    panel.dispose();
  }
}

async function setInline(name: string, value: unknown): Promise<void> {
  const changed = nextEvent(vscode.workspace.onDidChangeConfiguration, (e) => e.affectsConfiguration(`mlops.inline.${name}`), 10_000, `mlops.inline.${name} to change`);
  await vscode.workspace.getConfiguration('mlops.inline').update(name, value, vscode.ConfigurationTarget.Workspace);
  await changed;
}

describe('Inline metrics', function () {
  this.timeout(60_000);
  let inline: InlineMetricsFeature;
  let compare: CompareFeature;
  let store: TrackingStore;
  let db: string;
  let script: vscode.TextDocument;
  let labUri: string;

  /** What the store says, read here without the extension: the newest runs that logged `key`. */
  async function expectedRuns(key: string): Promise<Run[]> {
    const page = await store.searchRuns({ experimentIds: [], view: 'active', orderBy: ['attributes.start_time DESC'], maxResults: 1000 });
    return page.runs.filter((run) => key in run.data.metrics).slice(0, RECENT_RUNS);
  }

  before(async () => {
    ({ inline, compare } = await mlopsApi());
    const lab = folderNamed(HOST_FOLDERS.lab);
    labUri = lab.uri.toString();
    db = path.join(lab.uri.fsPath, 'mlflow.db');
    store = openTrackingStore({ kind: 'sqlite', path: db, uri: `sqlite:///${db}`, source: 'explicit' });
    const root = path.dirname(lab.uri.fsPath);
    script = await vscode.workspace.openTextDocument(path.join(root, INLINE_SCRIPTS.training));
    await vscode.window.showTextDocument(script);
  });

  after(async () => {
    store?.close();
    for (const name of ['codeLens', 'hover', 'statusBar', 'statusBarMetric']) {
      await vscode.workspace.getConfiguration('mlops.inline').update(name, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the latest and the best value of each literal key above the call, from the recent runs', async () => {
    assert.equal(script.languageId, 'python');
    const text = script.getText();
    const lenses = await metricLenses(script.uri);
    const lossRuns = await expectedRuns('loss');
    const accRuns = await expectedRuns('acc');
    const valRuns = await expectedRuns('val/loss');
    const lowest = (runs: Run[], key: string) => Math.min(...runs.map((r) => r.data.metrics[key]).filter(Number.isFinite));
    const highest = (runs: Run[], key: string) => Math.max(...runs.map((r) => r.data.metrics[key]).filter(Number.isFinite));
    const title = (key: string, runs: Run[], best: number) =>
      `${key} ${formatNumber(runs[0].data.metrics[key])} (latest run${runs[0].info.status === 'RUNNING' ? ', training' : ''}) · best ${formatNumber(best)} in ${runs.length} recent runs`;
    assert.equal(lossRuns[0].info.run_name, 'still-training');
    assert.equal(valRuns.length, 2);
    const loss = title('loss', lossRuns, lowest(lossRuns, 'loss'));
    const acc = title('acc', accRuns, highest(accRuns, 'acc'));
    const compare = (runs: Run[]) => [{ folder: labUri, runIds: runs.map((r) => r.info.run_id) }];
    assert.deepEqual(lenses, [
      { line: lineOf(text, 'mlflow.log_metric("loss"'), title: loss, command: 'mlops.runs.compare', arguments: compare(lossRuns) },
      { line: lineOf(text, '"acc": step'), title: acc, command: 'mlops.runs.compare', arguments: compare(accRuns) },
      { line: lineOf(text, "'val/loss'"), title: title('val/loss', valRuns, lowest(valRuns, 'val/loss')), command: 'mlops.runs.compare', arguments: compare(valRuns) },
      { line: lineOf(text, 'client.log_metric'), title: loss, command: 'mlops.runs.compare', arguments: compare(lossRuns) },
      { line: lineOf(text, 'key="acc"'), title: acc, command: 'mlops.runs.compare', arguments: compare(accRuns) },
      { line: lineOf(text, '"never_logged"'), title: 'never_logged: not logged by any run yet', command: '', arguments: undefined },
    ]);
  });

  it('gives keys built at run time no lens', async () => {
    const text = script.getText();
    const lines = new Set((await metricLenses(script.uri)).map((lens) => lens.line));
    assert.ok(!lines.has(lineOf(text, 'f"fold_')));
    assert.ok(!lines.has(lineOf(text, 'log_metric(name')));
  });

  it('charts the metric across the recent runs in the hover, with a link to compare them', async () => {
    const text = script.getText();
    const line = lineOf(text, "'val/loss'");
    const markdown = await hoverAt(script.uri, new vscode.Position(line, text.split('\n')[line].indexOf("'val/loss'") + 3));
    assert.ok(markdown, 'no hover on the val/loss key');
    const runs = await expectedRuns('val/loss');
    assert.match(markdown, /^\*\*val\/loss\*\* in the 2 most recent runs that logged it · lower is better/);
    const images = [...markdown.matchAll(/!\[([^\]]*)\]\(data:image\/svg\+xml;base64,([^)]+)\)/g)];
    // one chart of both runs, then one sparkline per run with more than one point
    assert.equal(images[0][1], 'val/loss in 2 runs');
    const overlay = Buffer.from(images[0][2], 'base64').toString();
    assert.equal((overlay.match(/<path /g) ?? []).length, 2);
    assert.deepEqual(images.slice(1).map((m) => m[1]), runs.map((r) => `${r.info.run_name.replace(/-/g, '\\-')} history`));
    assert.deepEqual(compareArgument(markdown), [{ folder: labUri, runIds: runs.map((r) => r.info.run_id) }]);
    // The link runs the command with exactly these arguments (VS Code spreads the JSON array).
    const linked = await comparedBy(compare, { title: 'Compare', command: 'mlops.runs.compare', arguments: compareArgument(markdown) as unknown[] });
    assert.deepEqual(linked, { title: 'Compare 2 runs', runIds: runs.map((r) => r.info.run_id), names: runs.map((r) => r.info.run_name) });

    const onName = await hoverAt(script.uri, new vscode.Position(lineOf(text, 'mlflow.log_metric("loss"'), 16));
    assert.match(onName ?? '', /^\*\*loss\*\* in the 5 most recent runs/);
    assert.equal(await hoverAt(script.uri, new vscode.Position(lineOf(text, 'log_metric(name'), 27)), undefined);
  });

  it('trusts only the Compare command in its hover', async () => {
    const text = script.getText();
    const line = lineOf(text, '"acc": step');
    const hover = await inline.hovers.provideHover(script, new vscode.Position(line, text.split('\n')[line].indexOf('"acc"') + 1), new vscode.CancellationTokenSource().token);
    const markdown = hover?.contents[0] as vscode.MarkdownString;
    assert.deepEqual(markdown.isTrusted, { enabledCommands: ['mlops.runs.compare'] });
  });

  it('turns lenses and hovers off and on with their settings', async () => {
    const text = script.getText();
    const line = lineOf(text, '"acc": step');
    const position = new vscode.Position(line, text.split('\n')[line].indexOf('"acc"') + 1);
    await setInline('codeLens', false);
    assert.deepEqual(await metricLenses(script.uri), []);
    assert.ok(await hoverAt(script.uri, position), 'the hover stays on');
    await setInline('hover', false);
    assert.equal(await hoverAt(script.uri, position), undefined);
    await setInline('codeLens', true);
    await setInline('hover', true);
    assert.equal((await metricLenses(script.uri)).length, 6);
    assert.ok(await hoverAt(script.uri, position));
  });

  describe('status bar', () => {
    /** Resolves with the item's text once `test` holds for it (now or after an update). */
    async function statusText(what: string, test: (text: string | undefined) => boolean): Promise<string | undefined> {
      if (test(inline.statusBar.text)) return inline.statusBar.text;
      return nextEvent(inline.statusBar.onDidRender, test, 30_000, what);
    }

    async function trainingRun(): Promise<{ runId: string; lastStep: number; lastValue: number }> {
      const page = await store.searchRuns({ experimentIds: [], view: 'active', filter: "attributes.status = 'RUNNING'", orderBy: ['attributes.start_time DESC'], maxResults: 1 });
      const [run] = page.runs;
      const history = await store.getMetricHistory(run.info.run_id, 'loss');
      const last = history[history.length - 1];
      return { runId: run.info.run_id, lastStep: Math.max(...history.map((p) => p.step)), lastValue: last.value };
    }

    it('follows the run training in the active folder, with its main metric and trend', async () => {
      await vscode.window.showTextDocument(script);
      const { runId, lastStep, lastValue } = await trainingRun();
      const shown = `$(sync~spin) still-training · loss ${formatNumber(lastValue)}`;
      assert.ok((await statusText('the training run', (t) => t?.startsWith(shown) === true))?.startsWith(shown));

      // Above every value logged so far, so other suites' checks of the lowest loss still hold.
      const log = (value: number, step: number) =>
        runPython(path.join(repoRoot, 'test', 'host', 'fixtures', 'log_metric.py'), [`sqlite:///${db}`, runId, 'loss', String(value), String(step)]);
      const higher = lastValue + 1;
      const rising = statusText('the rising loss', (t) => t === `$(sync~spin) still-training · loss ${formatNumber(higher)} ↑`);
      log(higher, lastStep + 1);
      await rising;
      const lower = lastValue + 0.5;
      const falling = statusText('the falling loss', (t) => t === `$(sync~spin) still-training · loss ${formatNumber(lower)} ↓`);
      log(lower, lastStep + 2);
      await falling;
    });

    it('opens the Compare panel on the training run when clicked', async () => {
      const { runId } = await trainingRun();
      await statusText('the training run', (t) => t?.startsWith('$(sync~spin) still-training') === true);
      const click = inline.statusBar.command;
      assert.ok(click, 'the item has no command');
      assert.deepEqual(await comparedBy(compare, click), { title: 'Compare 1 run', runIds: [runId], names: ['still-training'] });
    });

    it('shows the chosen metric, not yet logged as a dash', async () => {
      await setInline('statusBarMetric', 'acc');
      await statusText('the chosen metric', (t) => t === '$(sync~spin) still-training · acc —');
      await setInline('statusBarMetric', undefined);
      await statusText('the first metric', (t) => t?.includes(' · loss ') === true);
    });

    it('hides when the active folder has no run training, and when switched off', async () => {
      const root = path.dirname(folderNamed(HOST_FOLDERS.lab).uri.fsPath);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(root, INLINE_SCRIPTS.scratch)));
      await statusText('the item to hide', (t) => t === undefined);
      await vscode.window.showTextDocument(script);
      await statusText('the item to show', (t) => t !== undefined);
      await setInline('statusBar', false);
      await statusText('the item to hide', (t) => t === undefined);
      await setInline('statusBar', true);
      await statusText('the item to show again', (t) => t?.startsWith('$(sync~spin) still-training') === true);
    });
  });
});
