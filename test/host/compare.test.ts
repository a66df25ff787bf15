import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompareFeature } from '../../src/features/compare/compareFeature';
import type { ComparePanel } from '../../src/features/compare/comparePanel';
import { seriesPointBudget } from '../../src/features/compare/seriesBudget';
import { decodeSeries } from '../../src/features/compare/seriesEncoding';
import type { RunNode } from '../../src/features/runs/runsNodes';
import type { RunsFeature } from '../../src/features/runs/runsFeature';
import type { EncodedSeries, HostToWebview, WebviewToHost } from '../../src/protocol/compare';
import { repoRoot, runPython } from '../support/python';
import { HOST_FOLDERS } from './hostWorkspace';
import { folderNamed, mlopsApi, nextEvent } from './hostApi';

// The React app loads in a real webview of the workbench: starting it can take a while on a busy machine.
const APP_DEADLINE_MS = 90_000;
const COMPARED = ['cnn-baseline', 'resnet-50', 'still-training'];

/** Everything a panel posted and received, recorded from the moment it opened. */
interface Recording {
  panel: ComparePanel;
  posted: HostToWebview[];
  received: WebviewToHost[];
}

function recordNextPanel(compare: CompareFeature): Promise<Recording> {
  return nextEvent(compare.onDidOpenPanel, () => true, 30_000, 'a Compare panel to open').then((panel) => {
    const recording: Recording = { panel, posted: [], received: [] };
    panel.channel.onDidPost((message) => recording.posted.push(message));
    panel.channel.onDidReceive((message) => recording.received.push(message));
    return recording;
  });
}

/** Resolves once `test` holds for what was recorded; checks after every message either way. */
function until(recording: Recording, what: string, test: () => boolean): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscriptions.forEach((s) => s.dispose());
      reject(new Error(`timed out after ${APP_DEADLINE_MS} ms waiting for ${what}; received ${recording.received.map((m) => m.type).join(', ') || 'nothing'}`));
    }, APP_DEADLINE_MS);
    const check = () => {
      if (!test()) return;
      clearTimeout(timer);
      subscriptions.forEach((s) => s.dispose());
      resolve();
    };
    const subscriptions = [recording.panel.channel.onDidPost(check), recording.panel.channel.onDidReceive(check)];
  });
}

function postedSeries(recording: Recording): EncodedSeries[] {
  return recording.posted.flatMap((m) => (m.type === 'series' ? m.series : []));
}

function requestedKeys(recording: Recording): string[] {
  return [...new Set(recording.received.flatMap((m) => (m.type === 'requestSeries' ? m.keys : [])))];
}

async function visionRuns(runs: RunsFeature): Promise<RunNode[]> {
  const roots = (await runs.tree.getChildren()) ?? [];
  const lab = roots.find((n) => n.kind === 'folder' && n.folder.name === HOST_FOLDERS.lab);
  assert.ok(lab, 'no lab folder in the Runs view');
  const experiment = ((await runs.tree.getChildren(lab)) ?? []).find((n) => n.kind === 'experiment' && n.experiment.name === 'vision');
  assert.ok(experiment, 'no vision experiment');
  return ((await runs.tree.getChildren(experiment)) ?? []).filter((n): n is RunNode => n.kind === 'run');
}

/** The labels of the Compare tabs, once the workbench's tab model shows `expected` (it lags behind the panel). */
async function compareTabLabels(expected: string[]): Promise<string[]> {
  const labels = () => compareTabs().map((tab) => tab.label);
  if (labels().join('\n') === expected.join('\n')) return labels();
  const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label} (${t.input?.constructor.name} ${(t.input as { viewType?: string })?.viewType})`);
  return nextEvent(vscode.window.tabGroups.onDidChangeTabs, () => labels().join('\n') === expected.join('\n'), 30_000, `tabs ${expected.join(', ')}`)
    .then(labels, (error: Error) => [`${error.message}; tabs: ${allTabs().join(', ')}`]);
}

function compareTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('mlops.compare'));
}

describe('Compare panel', function () {
  this.timeout(3 * APP_DEADLINE_MS);
  let runs: RunsFeature;
  let compare: CompareFeature;

  before(async () => {
    const api = await mlopsApi();
    runs = api.runs;
    compare = api.compare;
    await vscode.commands.executeCommand('workbench.view.extension.mlops');
  });

  afterEach(async () => {
    for (const panel of [...compare.panels]) panel.dispose();
    await runs.state.setFilter('');
  });

  it('compares three runs selected in the Runs view: init, the app draws, series within the budget, live updates', async () => {
    const vision = await visionRuns(runs);
    const chosen = COMPARED.map((name) => vision.find((n) => n.run.info.run_name === name));
    assert.ok(chosen.every((n) => n !== undefined), `vision has ${vision.map((n) => n.run.info.run_name).join(', ')}`);
    const nodes = chosen as RunNode[];
    await runs.view.reveal(nodes[0], { select: true, focus: true });

    const opened = recordNextPanel(compare);
    // A context-menu command on a multi-selection gets (clicked node, selected nodes).
    await vscode.commands.executeCommand('mlops.runs.compare', nodes[0], nodes);
    const recording = await opened;
    assert.deepEqual(await compareTabLabels(['Compare 3 runs']), ['Compare 3 runs']);

    await until(recording, 'the app to post ready and draw its first chart', () => recording.panel.firstPaintMs !== undefined);
    assert.equal(recording.received[0]?.type, 'ready');
    const init = recording.posted[0];
    assert.equal(init?.type, 'init', 'init is the first message after ready');
    if (init.type !== 'init') return;
    assert.deepEqual(init.runs.map((r) => [r.runName, r.colorIndex, r.experimentName]), COMPARED.map((name, i) => [name, i, 'vision']));
    const [cnn, resnet, live] = init.runs;
    assert.deepEqual([cnn.params.model, cnn.params.lr, resnet.params['optimizer/name']], ['cnn', '0.01', 'sgd']);
    assert.equal(cnn.metrics.acc, 0.99);
    assert.equal(cnn.metrics.nan_metric, 'NaN');
    assert.equal(cnn.metrics.inf_metric, 'Infinity');
    assert.equal(live.status, 'RUNNING');
    assert.ok(['acc', 'loss', 'val/loss', 'nan_metric'].every((k) => init.metricKeys.includes(k)), init.metricKeys.join(', '));
    assert.ok(['model', 'lr', 'epochs', 'optimizer/name'].every((k) => init.paramKeys.includes(k)), init.paramKeys.join(', '));
    assert.deepEqual(init.panelState, { runIds: nodes.map((n) => n.run.info.run_id), folder: folderNamed(HOST_FOLDERS.lab).uri.toString() });

    // Every requested metric arrives for every run that has it, reduced to the budget.
    const expected = () => requestedKeys(recording).flatMap((key) => init.runs.filter((r) => key in r.metrics).map((r) => `${r.runId}/${key}`));
    await until(recording, 'the series of every requested chart', () => {
      const sent = new Set(postedSeries(recording).map((s) => `${s.runId}/${s.key}`));
      return expected().length > 0 && expected().every((id) => sent.has(id));
    });
    const budget = seriesPointBudget(3);
    for (const series of postedSeries(recording)) {
      const points = decodeSeries(series);
      assert.ok(points.length <= budget && points.length <= series.totalPoints, `${series.key} of ${series.runId}: ${points.length} points`);
    }
    const cnnLoss = postedSeries(recording).find((s) => s.runId === cnn.runId && s.key === 'loss');
    if (cnnLoss) assert.equal(cnnLoss.totalPoints, 50);
    assert.ok(recording.panel.isFollowing, 'a visible panel with a training run follows the store');

    // A training step logged by MLflow reaches the panel as a keyed update of that run only.
    if (!requestedKeys(recording).includes('loss')) {
      // The app asks for the charts it shows; this stands in for scrolling to the loss chart.
      await recording.panel.session.receive({ type: 'requestSeries', keys: ['loss'] });
    }
    const before = postedSeries(recording).filter((s) => s.runId === live.runId && s.key === 'loss').pop()?.totalPoints;
    assert.ok(before, 'no loss series of the training run');
    const mark = recording.posted.length;
    const db = path.join(folderNamed(HOST_FOLDERS.lab).uri.fsPath, 'mlflow.db');
    runPython(path.join(repoRoot, 'test', 'host', 'fixtures', 'log_metric.py'), [`sqlite:///${db}`, live.runId, 'loss', '0.001', '20']);
    const liveUpdate = () => recording.posted.slice(mark).find((m) => m.type === 'runs' && m.runs.some((r) => r.runId === live.runId && r.metricStats.loss?.min === 0.001));
    await until(recording, 'the logged step to reach the panel', () => liveUpdate() !== undefined);
    const runsUpdate = liveUpdate();
    assert.deepEqual(runsUpdate?.type === 'runs' && runsUpdate.runs.map((r) => r.runId), [live.runId]);
    const liveSeries = recording.posted.slice(mark).flatMap((m) => (m.type === 'series' ? m.series : [])).filter((s) => s.runId === live.runId && s.key === 'loss');
    assert.deepEqual(liveSeries.map((s) => s.totalPoints), [before + 1]);
    assert.ok(recording.posted.slice(mark).every((m) => m.type !== 'init'), 'a live update never re-sends everything');
    assert.deepEqual(compare.appErrors, [], 'the app logged errors');
  });

  it('compares the runs that match the filter, across experiments', async () => {
    await runs.state.setFilter("params.model = 'cnn'");
    const opened = recordNextPanel(compare);
    await vscode.commands.executeCommand('mlops.runs.compareMatching', folderNamed(HOST_FOLDERS.lab));
    const recording = await opened;
    assert.deepEqual(await compareTabLabels(['Compare 2 runs']), ['Compare 2 runs']);
    await until(recording, 'init', () => recording.posted.some((m) => m.type === 'init'));
    const init = recording.posted.find((m) => m.type === 'init');
    assert.deepEqual(init?.type === 'init' && init.runs.map((r) => r.runName).sort(), ['cnn-baseline', 'still-training']);
  });

  it('opens from the { folder, runIds } the inline metrics pass, in the order given, one run included', async () => {
    const vision = await visionRuns(runs);
    const byName = (name: string) => vision.find((n) => n.run.info.run_name === name)!.run.info.run_id;
    const folder = folderNamed(HOST_FOLDERS.lab).uri.toString();
    const runIds = ['resnet-50', 'cnn-baseline', 'still-training'].map(byName);

    const opened = recordNextPanel(compare);
    await vscode.commands.executeCommand('mlops.runs.compare', { folder, runIds });
    const recording = await opened;
    assert.deepEqual(await compareTabLabels(['Compare 3 runs']), ['Compare 3 runs']);
    await until(recording, 'the first chart', () => recording.panel.firstPaintMs !== undefined);
    const init = recording.posted[0];
    assert.deepEqual(init?.type === 'init' && init.runs.map((r) => [r.runName, r.colorIndex]), [['resnet-50', 0], ['cnn-baseline', 1], ['still-training', 2]]);
    assert.deepEqual(init?.type === 'init' && init.panelState, { runIds, folder });
    recording.panel.dispose();

    const single = recordNextPanel(compare);
    await vscode.commands.executeCommand('mlops.runs.compare', { folder, runIds: [byName('still-training')] });
    const one = await single;
    assert.deepEqual(await compareTabLabels(['Compare 1 run']), ['Compare 1 run']);
    await until(one, 'the first chart of one run', () => one.panel.firstPaintMs !== undefined);
    assert.deepEqual(one.posted[0]?.type === 'init' && one.posted[0].runs.map((r) => r.runName), ['still-training']);
    assert.deepEqual(compare.appErrors, [], 'the app logged errors');
  });

  it('opens nothing for a folder that is not in the workspace', async () => {
    await vscode.commands.executeCommand('mlops.runs.compare', { folder: 'file:///nowhere/lab', runIds: ['a', 'b'] });
    assert.equal(compare.panels.length, 0);
    assert.deepEqual(compareTabs(), []);
  });

  it('refuses a single run', async () => {
    const [one] = await visionRuns(runs);
    await vscode.commands.executeCommand('mlops.runs.compare', one, [one]);
    assert.equal(compare.panels.length, 0);
    assert.deepEqual(compareTabs(), []);
  });
});
