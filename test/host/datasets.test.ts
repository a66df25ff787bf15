import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetsFeature } from '../../src/features/datasets/datasetsFeature';
import type { DatasetsNode, MessageNode } from '../../src/features/datasets/datasetsNodes';
import { waitFor } from '../support/waitFor';
import { folderNamed, mlopsApi, nextEvent } from './hostApi';
import { ADDED_FOLDERS, HOST_FOLDERS } from './hostWorkspace';

let datasets: DatasetsFeature;

async function children(node?: DatasetsNode): Promise<DatasetsNode[]> {
  return (await datasets.tree.getChildren(node)) ?? [];
}

function item(node: DatasetsNode): vscode.TreeItem {
  return datasets.tree.getTreeItem(node);
}

function label(node: DatasetsNode): string {
  const { label } = item(node);
  return typeof label === 'string' ? label : (label?.label ?? '');
}

function description(node: DatasetsNode): string {
  return String(item(node).description ?? '');
}

function tooltip(node: DatasetsNode): string {
  const { tooltip } = item(node);
  return tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip ?? '');
}

function icon(node: DatasetsNode): string {
  return (item(node).iconPath as vscode.ThemeIcon).id;
}

/** The node reached from the root by following labels. */
async function at(...labels: string[]): Promise<DatasetsNode> {
  let node: DatasetsNode | undefined;
  for (const wanted of labels) {
    const found: DatasetsNode | undefined = (await children(node)).find((n) => label(n) === wanted);
    assert.ok(found, `no "${wanted}" under "${node ? label(node) : 'the root'}"; there are: ${(await children(node)).map(label).join(', ')}`);
    node = found;
  }
  return node as DatasetsNode;
}

async function labelsUnder(...labels: string[]): Promise<string[]> {
  return (await children(await at(...labels))).map(label);
}

function git(cwd: string, args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };
  const result = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Commits of a file, newest first: full hash, git's short hash, subject. */
function commitsOf(cwd: string, file: string): [string, string, string][] {
  return git(cwd, ['log', '--format=%H%x00%h%x00%s', '--', file]).split('\n').map((line) => line.split('\0') as [string, string, string]);
}

async function preview(argument?: unknown): Promise<{ uri: vscode.Uri; text: string }> {
  const uri = (await vscode.commands.executeCommand('mlops.datasets.preview', argument)) as vscode.Uri | undefined;
  assert.ok(uri instanceof vscode.Uri, 'Preview Data did not open a preview');
  return { uri, text: (await vscode.workspace.openTextDocument(uri)).getText() };
}

async function changeFolders(change: () => boolean, what: string): Promise<void> {
  const changed = nextEvent(vscode.workspace.onDidChangeWorkspaceFolders, () => true, 20_000, what);
  assert.ok(change(), `VS Code refused: ${what}`);
  await changed;
}

describe('Datasets view', function () {
  this.timeout(60_000);
  const lab = HOST_FOLDERS.lab;
  const demo = ADDED_FOLDERS.demo;
  let hostRoot: string;
  let demoDir: string;

  before(async () => {
    datasets = (await mlopsApi()).datasets;
    await vscode.commands.executeCommand('workbench.view.extension.mlops');
    hostRoot = path.dirname(folderNamed(lab).uri.fsPath);
    demoDir = path.join(hostRoot, demo);
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    await changeFolders(() => vscode.workspace.updateWorkspaceFolders(count, 0, { uri: vscode.Uri.file(demoDir), name: demo }), 'adding the demo folder');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === demo) ?? -1;
    if (index >= 0) await changeFolders(() => vscode.workspace.updateWorkspaceFolders(index, 1), 'removing the demo folder');
  });

  it('shows each workspace folder with its MLflow datasets and its DVC data', async () => {
    assert.deepEqual((await children()).map(label), [lab, HOST_FOLDERS.broken, HOST_FOLDERS.empty, demo]);
    assert.deepEqual(await labelsUnder(lab), ['MLflow datasets']);
    assert.equal(description(await at(lab, 'MLflow datasets')), '2 datasets');
    assert.deepEqual(await labelsUnder(demo), ['MLflow datasets', 'DVC data']);
    assert.deepEqual(await labelsUnder(lab, 'MLflow datasets'), ['iris-eval', 'iris-train']);
    assert.deepEqual(await labelsUnder(demo, 'MLflow datasets'), ['churn-customers', 'churn-holdout', 'iris-train', 'iris-val']);
  });

  it('shows a dataset version with its source, schema and profile, and the runs that used it with their context', async () => {
    const train = await at(lab, 'MLflow datasets', 'iris-train');
    assert.equal(description(train), '1 version · 3 runs');
    const [version] = await children(train);
    assert.equal(version.kind, 'datasetVersion');
    assert.equal(label(version), version.version.digest.slice(0, 8));
    assert.equal(description(version), 's3 · s3://bucket/iris/train.csv · 3 runs');
    const md = tooltip(version);
    assert.match(md, /\| sepal\\_length \| double \|/);
    assert.match(md, /\| species \| string \|/);
    assert.match(md, /num\\_rows 3/);
    assert.match(md, /used in (vision, tabular\/iris|tabular\/iris, vision) by 3 runs/);
    const runs = await children(version);
    assert.deepEqual(runs.map(label), ['tree', 'resnet-50', 'cnn-baseline']);
    assert.deepEqual(runs.map(description), ['training · tabular/iris', 'training · vision', 'training · vision']);
    const [evalVersion] = await children(await at(lab, 'MLflow datasets', 'iris-eval'));
    assert.equal(description(evalVersion), 'local · file:///data/eval.npy · 2 runs');
    assert.match(tooltip(evalVersion), /\| features \| float64 \\\[\\-1, 3\\\] \|/);
    const evalRuns = await children(evalVersion);
    assert.deepEqual(evalRuns.map(label), ['still-training', 'cnn-baseline']);
    assert.deepEqual(evalRuns.map(description), ['validation · vision', 'validation · vision']);
  });

  it('shows the model versions registered from each run, with stage and aliases', async () => {
    const [version] = await children(await at(lab, 'MLflow datasets', 'iris-train'));
    const tree = (await children(version)).find((n) => label(n) === 'tree');
    assert.ok(tree);
    assert.equal(item(tree).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const models = await children(tree);
    assert.deepEqual(models.map(label), ['iris-classifier v3', 'iris-classifier v1']);
    assert.deepEqual(models.map(description), ['Staging · @challenger', 'Archived']);
    assert.equal(icon(models[0]), 'tag');
    const resnet = (await children(version)).find((n) => label(n) === 'resnet-50');
    assert.ok(resnet);
    assert.equal(item(resnet).collapsibleState, vscode.TreeItemCollapsibleState.None);
  });

  it('says why a store cannot be read, and still lists the folder\'s DVC data', async () => {
    const [broken, ...rest] = (await children(await at(HOST_FOLDERS.broken))) as MessageNode[];
    assert.equal(rest.length, 0);
    assert.equal(broken.kind, 'message');
    assert.equal(broken.icon, 'error');
    assert.match(broken.text, /not a sqlite database/);
    assert.equal(item(broken).command?.command, 'mlops.showLog');
    const [empty] = (await children(await at(HOST_FOLDERS.empty))) as MessageNode[];
    assert.equal(empty.text, 'No MLflow tracking store in this folder');
    assert.equal(item(empty).command?.command, 'mlops.chooseStore');

    const settings = vscode.workspace.getConfiguration('mlops', folderNamed(demo).uri);
    const reloaded = nextEvent(datasets.tree.onDidChangeTreeData, () => true, 10_000, 'the view to reload');
    await settings.update('trackingUri', `sqlite:///${path.join(hostRoot, HOST_FOLDERS.broken, 'mlflow.db')}`, vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await reloaded;
      const nodes = await children(await at(demo));
      assert.deepEqual(nodes.map((n) => n.kind), ['message', 'dvcGroup']);
      assert.match(label(nodes[0]), /not a sqlite database/);
      assert.deepEqual((await children(nodes[1])).map(label), ['data/iris.csv', 'data/features.parquet']);
    } finally {
      await settings.update('trackingUri', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  });

  it('lists the DVC data of a folder without a store or git, and says why it has no versions', async () => {
    const empty = HOST_FOLDERS.empty;
    const file = path.join(folderNamed(empty).uri.fsPath, 'raw.csv.dvc');
    // Load the folder first, so that the file's arrival is seen by the watcher and not by a first load;
    // VS Code drops a create and a delete that reach its watcher in one batch.
    assert.ok(!(await labelsUnder(empty)).includes('DVC data'));
    fs.writeFileSync(file, 'outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 2048\n  hash: md5\n  path: raw.csv\n');
    try {
      await waitFor('the new .dvc file to show', 15_000, async () => (await labelsUnder(empty)).includes('DVC data'));
      assert.deepEqual(await labelsUnder(empty), ['No MLflow tracking store in this folder', 'DVC data']);
      const [output] = await children(await at(empty, 'DVC data'));
      assert.equal(description(output), '2 KB · 01234567 · raw.csv.dvc');
      const [note, ...rest] = (await children(output)) as MessageNode[];
      assert.equal(rest.length, 0);
      assert.equal(note.text, `${empty} is not in a git repository, so its DVC data has no versions`);
      assert.equal(note.icon, 'info');
    } finally {
      fs.rmSync(file, { force: true });
    }
    await waitFor('the deleted .dvc file to go', 15_000, async () => !(await labelsUnder(empty)).includes('DVC data'));
  });

  it('lists DVC outputs with their size, hash and the file that defines them', async () => {
    const group = await at(demo, 'DVC data');
    assert.equal(description(group), '2 outputs');
    const outputs = await children(group);
    assert.deepEqual(outputs.map(label), ['data/iris.csv', 'data/features.parquet']);
    assert.deepEqual(outputs.map(description), ['3.8 KB · 013d0da0 · data/iris.csv.dvc', '8.2 KB · 84fd4143 · dvc.lock › prepare']);
    assert.deepEqual(outputs.map((n) => item(n).contextValue), ['dvcOutput.file', 'dvcOutput.file']);
    assert.match(tooltip(outputs[0]), /md5 `013d0da08d6506664ce640459139176b`/);
  });

  it('lists the versions of a DVC output from the git history, with what each commit changed', async () => {
    const [[v2Hash, v2Short, v2Subject], [v1Hash, v1Short, v1Subject]] = commitsOf(demoDir, 'data/iris.csv.dvc');
    const versions = await children(await at(demo, 'DVC data', 'data/iris.csv'));
    assert.deepEqual(versions.map(label), [v2Subject, v1Subject]);
    assert.deepEqual(versions.map(description), [
      `in workspace · modified 3 KB → 3.8 KB · Ben Okafor · 2026-11-04 · ${v2Short}`,
      `added 3 KB · Ana Silva · 2026-10-27 · ${v1Short}`,
    ]);
    assert.deepEqual(versions.map(icon), ['diff-modified', 'diff-added']);
    assert.match(tooltip(versions[0]), new RegExp(`\`${v2Hash}\``));
    assert.match(tooltip(versions[0]), /\| hash \| `de6e7773ff148a8e8bc97daf5c7dd6b0` \| `013d0da08d6506664ce640459139176b` \|/);
    assert.match(tooltip(versions[1]), new RegExp(`\`${v1Hash}\``));
  });

  it('links runs to the DVC version they trained on, and shows a commit-only link as weaker', async () => {
    const [v2, v1] = await children(await at(demo, 'DVC data', 'data/iris.csv'));
    const v2Runs = await children(v2);
    assert.equal(v2Runs.length, 10);
    for (const run of v2Runs) {
      assert.match(description(run), /^same data path, same commit · iris-classifier/);
      assert.equal(icon(run), 'link');
    }
    const champion = v2Runs.find((n) => label(n) === 'mlp-16x16');
    assert.ok(champion);
    const [model] = await children(champion);
    assert.equal(label(model), 'iris-classifier v3');
    assert.equal(description(model), 'Production · @champion');
    assert.match(description(v2Runs.find((n) => label(n) === 'debug-split') as DatasetsNode), /· deleted$/);
    assert.deepEqual((await children(v1)).map(label), ['logreg-lr-0.1', 'logreg-lr-0.01']);

    const [features] = await children(await at(demo, 'DVC data', 'data/features.parquet'));
    const featureRuns = await children(features);
    assert.equal(featureRuns.length, 7);
    for (const run of featureRuns) {
      assert.equal(description(run), 'same commit · iris-classifier');
      assert.equal(icon(run), 'question');
      assert.match(tooltip(run), /Only the commit matches: the run may not have read this data/);
    }
  });

  it('previews a CSV from the view: schema, exact row count and the first rows, read-only', async () => {
    const output = await at(demo, 'DVC data', 'data/iris.csv');
    const { uri, text } = await preview(output);
    assert.equal(uri.scheme, 'mlops-preview');
    const lines = text.split('\n');
    assert.equal(lines[0], 'iris.csv — CSV (comma-separated) · 150 rows (exact) · 5 columns · 3.8 KB');
    assert.equal(lines[1], path.join(demoDir, 'data', 'iris.csv'));
    assert.match(text, /\nsepal_length {2}float\n/);
    assert.match(text, /\nspecies {7}string\n/);
    assert.match(text, /\nFirst 50 rows\n# {3}sepal_length {2}sepal_width {2}petal_length {2}petal_width {2}species\n/);
    assert.match(text, /\n1 {12}5\.1 {10}3\.5 {11}1\.4 {10}0\.2 {2}setosa\n/);
    assert.match(text, /\n50 {11}5\.0 {10}3\.3 {11}1\.4 {10}0\.2 {2}setosa\n/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('x'))));
  });

  it('refreshes when a .dvc file changes and when the change is committed', async () => {
    const dvcFile = path.join(demoDir, 'data', 'iris.csv.dvc');
    const original = fs.readFileSync(dvcFile, 'utf8');
    await children(await at(demo, 'DVC data', 'data/iris.csv'));
    fs.writeFileSync(dvcFile, original.replace('013d0da08d6506664ce640459139176b', 'feedfacefeedfacefeedfacefeedface').replace('size: 3858', 'size: 4200'));
    await waitFor('the new hash of data/iris.csv', 15_000, async () => description(await at(demo, 'DVC data', 'data/iris.csv')).includes('feedface'));
    let output = await at(demo, 'DVC data', 'data/iris.csv');
    assert.equal(description(output), '4.1 KB · feedface · data/iris.csv.dvc');
    const [note, ...versions] = await children(output);
    assert.equal(label(note), 'Changed since the last commit: feedface (4.1 KB)');
    assert.ok(versions.every((v) => !description(v).startsWith('in workspace')));

    git(demoDir, ['commit', '--quiet', '-m', 'Data: iris v3 (test)', '--', 'data/iris.csv.dvc']);
    await waitFor('the committed version', 15_000, async () => label((await children(await at(demo, 'DVC data', 'data/iris.csv')))[0]) === 'Data: iris v3 (test)');
    output = await at(demo, 'DVC data', 'data/iris.csv');
    const [v3] = await children(output);
    assert.match(description(v3), /^in workspace · modified 3\.8 KB → 4\.1 KB · Test · /);
    assert.deepEqual(await children(v3), []);

    const refreshed = nextEvent(datasets.tree.onDidChangeTreeData, (node) => node === undefined, 5_000, 'Refresh Datasets');
    await vscode.commands.executeCommand('mlops.datasets.refresh');
    await refreshed;
  });

  it('contributes every command it registers', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension('mlops-studio.mlops-studio')?.packageJSON.contributes.commands ?? []) as { command: string }[];
    const datasetCommands = contributed.map((c) => c.command).filter((c) => c.startsWith('mlops.datasets.'));
    assert.deepEqual(datasetCommands.filter((c) => !registered.has(c)), []);
    assert.deepEqual(datasetCommands.sort(), ['mlops.datasets.preview', 'mlops.datasets.refresh']);
  });
});
