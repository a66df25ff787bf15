import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunsNode, RunNode, ExperimentNode, MessageNode } from '../../src/features/runs/runsNodes';
import type { RunsFeature } from '../../src/features/runs/runsFeature';
import { repoRoot, runPython } from '../support/python';
import { HOST_FOLDERS, SWEEP_RUNS } from './hostWorkspace';
import { folderNamed, mlopsApi, nextEvent } from './hostApi';

async function children(runs: RunsFeature, node?: RunsNode): Promise<RunsNode[]> {
  return (await runs.tree.getChildren(node)) ?? [];
}

function label(runs: RunsFeature, node: RunsNode): string {
  const item = runs.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function folderNode(runs: RunsFeature, name: string): Promise<RunsNode> {
  const node = (await children(runs)).find((n) => n.kind === 'folder' && n.folder.name === name);
  assert.ok(node, `no folder node ${name}`);
  return node;
}

async function experiment(runs: RunsFeature, name: string): Promise<ExperimentNode> {
  const node = (await children(runs, await folderNode(runs, HOST_FOLDERS.lab))).find((n) => n.kind === 'experiment' && n.experiment.name === name);
  assert.ok(node && node.kind === 'experiment', `no experiment ${name}`);
  return node;
}

async function runsOf(runs: RunsFeature, name: string): Promise<RunNode[]> {
  return (await children(runs, await experiment(runs, name))).filter((n): n is RunNode => n.kind === 'run');
}

describe('Runs view', function () {
  this.timeout(60_000);
  let runs: RunsFeature;

  before(async () => {
    runs = (await mlopsApi()).runs;
    await vscode.commands.executeCommand('workbench.view.extension.mlops');
  });

  afterEach(async () => {
    await runs.state.setFilter('');
    await runs.state.setOrderBy(undefined);
    await runs.state.setShowDeleted(false);
    await vscode.workspace.getConfiguration('mlops').update('runs.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('shows each workspace folder with its own store', async () => {
    const roots = await children(runs);
    assert.deepEqual(roots.map((n) => label(runs, n)), [HOST_FOLDERS.lab, HOST_FOLDERS.broken, HOST_FOLDERS.empty]);
    const lab = await children(runs, roots[0]);
    assert.deepEqual(lab.map((n) => label(runs, n)), ['Default', 'sweep', 'tabular/iris', 'vision']);
  });

  it('says why a corrupt store cannot be read, and that a folder has no store', async () => {
    const [broken] = (await children(runs, await folderNode(runs, HOST_FOLDERS.broken))) as MessageNode[];
    assert.equal(broken.kind, 'message');
    assert.equal(broken.icon, 'error');
    assert.match(broken.text, /not a sqlite database/);
    assert.match(broken.text, new RegExp(path.join(HOST_FOLDERS.broken, 'mlflow.db').replace(/\./g, '\\.')));
    assert.equal(runs.tree.getTreeItem(broken).command?.command, 'mlops.showLog');
    const [empty] = (await children(runs, await folderNode(runs, HOST_FOLDERS.empty))) as MessageNode[];
    assert.equal(empty.text, 'No MLflow tracking store in this folder');
    assert.equal(runs.tree.getTreeItem(empty).command?.command, 'mlops.chooseStore');
  });

  it('lists runs newest first with status icons, relative start time and a metric', async () => {
    const vision = await runsOf(runs, 'vision');
    assert.deepEqual(vision.map((n) => n.run.info.run_name).slice(0, 2), ['still-training', 'mlp']);
    const items = new Map(vision.map((n) => [n.run.info.run_name, runs.tree.getTreeItem(n)]));
    const icon = (name: string) => (items.get(name)?.iconPath as vscode.ThemeIcon).id;
    assert.equal(icon('still-training'), 'sync~spin');
    assert.equal(icon('mlp'), 'circle-slash');
    assert.equal(icon('vit-small'), 'error');
    assert.equal(icon('cnn-baseline'), 'pass');
    assert.match(String(items.get('cnn-baseline')?.description), /ago · acc 0\.99$/);
    assert.equal(items.get('cnn-baseline')?.contextValue, 'run.localArtifacts');
  });

  it('shows params, latest metrics and sparklines of their history in the tooltip', async () => {
    const cnn = (await runsOf(runs, 'vision')).find((n) => n.run.info.run_name === 'cnn-baseline');
    assert.ok(cnn);
    const item = await runs.tree.resolveTreeItem(runs.tree.getTreeItem(cnn), cnn, new vscode.CancellationTokenSource().token);
    const markdown = (item.tooltip as vscode.MarkdownString).value;
    assert.match(markdown, /\| acc \| 0\\\.99 \| !\[acc history\]\(data:image\/svg\+xml;base64,/);
    assert.match(markdown, /\| nan\\_metric \| NaN \|/);
    assert.match(markdown, /\| optimizer\/name \| adam \|/);
    const svg = Buffer.from(/loss history\]\(data:image\/svg\+xml;base64,([^)]+)\)/.exec(markdown)?.[1] ?? '', 'base64').toString();
    assert.match(svg, /^<svg[^>]*><path d="M/);
  });

  it('filters with MLflow syntax and says so when nothing matches', async () => {
    await runs.state.setFilter("metrics.acc > 0.9 and params.model = 'cnn'");
    assert.deepEqual((await runsOf(runs, 'vision')).map((n) => n.run.info.run_name), ['cnn-baseline']);
    const tabular = await children(runs, await experiment(runs, 'tabular/iris'));
    assert.deepEqual(tabular.map((n) => label(runs, n)), ['No runs match the filter']);
    assert.equal(runs.view.description, "filter: metrics.acc > 0.9 and params.model = 'cnn'");
    assert.deepEqual(runs.state.recentFilters[0], "metrics.acc > 0.9 and params.model = 'cnn'");
  });

  it('explains an invalid filter in place of the runs', async () => {
    await runs.state.setFilter('metrics.acc > 1 OR metrics.acc < 0');
    const [node] = await children(runs, await experiment(runs, 'vision'));
    assert.equal(node.kind, 'message');
    assert.match(label(runs, node), /^Invalid filter: .*OR/);
  });

  it('sorts by a metric, and shows that metric beside each run', async () => {
    await runs.state.setOrderBy('metrics.acc ASC');
    const vision = await runsOf(runs, 'vision');
    assert.deepEqual(vision.map((n) => n.run.info.run_name), ['vit-small', 'mlp', 'resnet-50', 'cnn-baseline', 'still-training']);
    assert.match(String(runs.tree.getTreeItem(vision[0]).description), /acc -0\.25$/);
  });

  it('shows deleted runs and experiments on request', async () => {
    await runs.state.setShowDeleted(true);
    const lab = await children(runs, await folderNode(runs, HOST_FOLDERS.lab));
    assert.ok(lab.some((n) => label(runs, n) === 'abandoned'));
    const deleted = (await runsOf(runs, 'tabular/iris')).find((n) => n.run.info.run_name === 'deleted-run');
    assert.ok(deleted);
    const item = runs.tree.getTreeItem(deleted);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'trash');
    assert.match(String(item.description), /^deleted · /);
  });

  it('pages long experiments with "Show more"', async () => {
    await vscode.workspace.getConfiguration('mlops').update('runs.pageSize', 10, vscode.ConfigurationTarget.Workspace);
    const sweep = await experiment(runs, 'sweep');
    let nodes = await children(runs, sweep);
    assert.equal(nodes.filter((n) => n.kind === 'run').length, 10);
    let before = 10;
    for (const shown of [20, SWEEP_RUNS]) {
      const more = nodes[nodes.length - 1];
      assert.equal(more.kind, 'more');
      assert.equal(label(runs, more), `Show more runs (${before} shown)`);
      before = shown;
      await vscode.commands.executeCommand('mlops.runs.showMore', more);
      nodes = await children(runs, sweep);
      assert.equal(nodes.filter((n) => n.kind === 'run').length, shown);
    }
    assert.notEqual(nodes[nodes.length - 1].kind, 'more');
    const names = nodes.map((n) => (n.kind === 'run' ? n.run.info.run_name : ''));
    assert.equal(names[0], `trial-${String(SWEEP_RUNS - 1).padStart(2, '0')}`);
    assert.equal(new Set(names).size, SWEEP_RUNS);
  });

  it('copies run ids', async () => {
    const [first] = await runsOf(runs, 'vision');
    await vscode.commands.executeCommand('mlops.runs.copyRunId', first);
    assert.equal(await vscode.env.clipboard.readText(), first.run.info.run_id);
  });

  it('updates a training run in place when MLflow logs to it', async () => {
    const node = await experiment(runs, 'vision');
    const live = (await runsOf(runs, 'vision')).find((n) => n.run.info.run_name === 'still-training');
    assert.ok(live);
    const changed = nextEvent(runs.tree.onDidChangeTreeData, (n) => n === node, 30_000, 'the vision experiment to refresh');
    const db = path.join(folderNamed(HOST_FOLDERS.lab).uri.fsPath, 'mlflow.db');
    runPython(path.join(repoRoot, 'test', 'host', 'fixtures', 'log_metric.py'), [`sqlite:///${db}`, live.run.info.run_id, 'loss', '0.0123', '500']);
    await changed;
    const updated = (await runsOf(runs, 'vision')).find((n) => n.run.info.run_name === 'still-training');
    assert.match(String(runs.tree.getTreeItem(updated!).description), /loss 0\.0123$/);
  });

  it('contributes every command it registers', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension('mlops-studio.mlops-studio')?.packageJSON.contributes.commands ?? []) as { command: string }[];
    const missing = contributed.map((c) => c.command).filter((c) => c.startsWith('mlops.runs.') && !registered.has(c));
    assert.deepEqual(missing, []);
  });
});
