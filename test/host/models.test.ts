import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelsFeature } from '../../src/features/models/modelsFeature';
import type { LoggedModelNode, MessageNode, ModelVersionNode, ModelsNode, RegisteredModelNode } from '../../src/features/models/modelsNodes';
import type { RunsFeature } from '../../src/features/runs/runsFeature';
import type { RunNode } from '../../src/features/runs/runsNodes';
import { type RunningMlflowServer, startMlflowServer } from '../integration/rest/mlflowServer';
import { pythonPath, repoRoot, runPython } from '../support/python';
import { waitFor } from '../support/waitFor';
import { folderNamed, mlopsApi, nextEvent } from './hostApi';
import { HOST_FOLDERS } from './hostWorkspace';

const AGE = '(just now|\\d+ (minute|hour|day)s? ago)';

async function children(models: ModelsFeature, node?: ModelsNode): Promise<ModelsNode[]> {
  return (await models.tree.getChildren(node)) ?? [];
}

function label(models: ModelsFeature, node: ModelsNode): string {
  const item = models.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function tooltip(models: ModelsFeature, node: ModelsNode): vscode.MarkdownString {
  const md = models.tree.getTreeItem(node).tooltip;
  assert.ok(md instanceof vscode.MarkdownString, 'the tooltip is not Markdown');
  return md;
}

async function folderChildren(models: ModelsFeature, name: string): Promise<ModelsNode[]> {
  const folder = (await children(models)).find((n) => n.kind === 'folder' && n.folder.name === name);
  assert.ok(folder, `no folder node ${name}`);
  return children(models, folder);
}

async function registeredModel(models: ModelsFeature, folder: string, name: string): Promise<RegisteredModelNode> {
  const node = (await folderChildren(models, folder)).find((n): n is RegisteredModelNode => n.kind === 'registeredModel' && n.model.name === name);
  assert.ok(node, `no registered model ${name} in ${folder}`);
  return node;
}

async function versions(models: ModelsFeature, folder: string, name: string): Promise<ModelVersionNode[]> {
  return (await children(models, await registeredModel(models, folder, name))).filter((n): n is ModelVersionNode => n.kind === 'modelVersion');
}

async function loggedModels(models: ModelsFeature): Promise<LoggedModelNode[]> {
  const group = (await folderChildren(models, HOST_FOLDERS.lab)).find((n) => n.kind === 'loggedModels');
  assert.ok(group, 'no "Logged models" group');
  const experiments = await children(models, group);
  return (await Promise.all(experiments.map((e) => children(models, e)))).flat().filter((n): n is LoggedModelNode => n.kind === 'loggedModel');
}

/** Replaces one `vscode.window` function until `restore` runs; the extension shares this API object with the tests. */
function stubWindow<K extends 'showErrorMessage' | 'showWarningMessage' | 'showQuickPick' | 'showInputBox'>(name: K, stub: (...args: unknown[]) => unknown): { restore: () => void } {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window[name];
  window[name] = stub;
  return { restore: () => (window[name] = original) };
}

async function selectedRun(runs: RunsFeature, runId: string): Promise<RunNode> {
  await waitFor(`run ${runId} to be selected in the Runs view`, 10_000, async () => runs.view.selection.some((n) => n.kind === 'run' && n.run.info.run_id === runId));
  return runs.view.selection.find((n): n is RunNode => n.kind === 'run') as RunNode;
}

describe('Models view', function () {
  this.timeout(60_000);
  let models: ModelsFeature;
  let runs: RunsFeature;

  before(async () => {
    ({ models, runs } = await mlopsApi());
    await vscode.commands.executeCommand('workbench.view.extension.mlops');
  });

  it('shows each folder: registered models by name, then logged models; why a store cannot be read; a folder without store', async () => {
    assert.deepEqual((await children(models)).map((n) => label(models, n)), [HOST_FOLDERS.lab, HOST_FOLDERS.broken, HOST_FOLDERS.empty]);
    const lab = await folderChildren(models, HOST_FOLDERS.lab);
    assert.deepEqual(lab.map((n) => label(models, n)), ['empty-model', 'iris-classifier', 'Logged models']);
    const [broken, ...more] = (await folderChildren(models, HOST_FOLDERS.broken)) as MessageNode[];
    assert.deepEqual(more, [], 'one message for a store that cannot be read at all');
    assert.equal(broken.icon, 'error');
    assert.match(broken.text, /^Cannot read the model registry: .*not a sqlite database/);
    assert.equal(models.tree.getTreeItem(broken).command?.command, 'mlops.showLog');
    const [empty] = (await folderChildren(models, HOST_FOLDERS.empty)) as MessageNode[];
    assert.equal(empty.text, 'No MLflow tracking store in this folder');
    assert.equal(models.tree.getTreeItem(empty).command?.command, 'mlops.chooseStore');
  });

  it('describes registered models: version count, update age, aliases and tags in the tooltip', async () => {
    const iris = await registeredModel(models, HOST_FOLDERS.lab, 'iris-classifier');
    const item = models.tree.getTreeItem(iris);
    assert.match(String(item.description), new RegExp(`^3 versions · updated ${AGE}$`));
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(item.contextValue, 'registeredModel');
    const md = tooltip(models, iris).value;
    assert.match(md, /\*\*iris\\-classifier\*\*\n\nClassifies irises/);
    assert.match(md, /@challenger → version 3 {2}\n\$\(tag\) @champion → version 2/);
    assert.match(md, /`domain` botany/);
    const empty = models.tree.getTreeItem(await registeredModel(models, HOST_FOLDERS.lab, 'empty-model'));
    assert.match(String(empty.description), new RegExp(`^no versions · updated ${AGE}$`));
    assert.equal(empty.collapsibleState, vscode.TreeItemCollapsibleState.None);
  });

  it('lists versions newest first with aliases, stage, status and age; deleted versions are gone', async () => {
    const nodes = await versions(models, HOST_FOLDERS.lab, 'iris-classifier');
    assert.deepEqual(nodes.map((n) => label(models, n)), ['Version 3', 'Version 2', 'Version 1']);
    const items = nodes.map((n) => models.tree.getTreeItem(n));
    assert.match(String(items[0].description), new RegExp(`^@challenger · Staging · ready · ${AGE}$`));
    assert.match(String(items[1].description), new RegExp(`^@champion · Production · ready · ${AGE}$`));
    assert.match(String(items[2].description), new RegExp(`^Archived · ready · ${AGE}$`));
    // A sqlite store is read-only: no ".writable", so the alias menu entries stay hidden.
    assert.deepEqual(items.map((i) => i.contextValue), ['modelVersion.run.aliased', 'modelVersion.run.aliased', 'modelVersion.run']);
    assert.deepEqual(items.map((i) => (i.iconPath as vscode.ThemeIcon).id), ['tag', 'tag', 'versions']);
    assert.equal(new Set(items.map((i) => i.id)).size, 3);
  });

  it('links a version\'s tooltip to its source run', async () => {
    const [, champion] = await versions(models, HOST_FOLDERS.lab, 'iris-classifier');
    const md = tooltip(models, champion);
    assert.deepEqual(md.isTrusted, { enabledCommands: ['mlops.models.openSourceRun'] });
    assert.match(md.value, /^\*\*iris\\-classifier\*\* version 2\n\nstage Production · status READY\n\n\$\(tag\) @champion/);
    assert.match(md.value, /`validated` true/);
    const runId = champion.version.run_id;
    assert.ok(runId);
    assert.ok(md.value.includes(`run \`${runId}\``));
    const link = /\[Open source run\]\(command:mlops\.models\.openSourceRun\?([^ )]+)/.exec(md.value);
    assert.ok(link, 'no "Open source run" link');
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), [{ folder: folderNamed(HOST_FOLDERS.lab).uri.toString(), runId }]);
  });

  it('groups logged models by experiment, with status, type, params and metrics', async () => {
    const group = (await folderChildren(models, HOST_FOLDERS.lab)).find((n) => n.kind === 'loggedModels');
    assert.ok(group);
    assert.equal(models.tree.getTreeItem(group).description, '2');
    const experiments = await children(models, group);
    assert.deepEqual(experiments.map((n) => [label(models, n), models.tree.getTreeItem(n).description]), [['vision', '2 models']]);
    const logged = await loggedModels(models);
    assert.deepEqual(logged.map((n) => label(models, n)).sort(), ['cnn-model', 'resnet-model']);
    const cnn = logged.find((n) => n.model.name === 'cnn-model');
    assert.ok(cnn);
    const item = models.tree.getTreeItem(cnn);
    assert.match(String(item.description), new RegExp(`^ready · classifier · ${AGE}$`));
    assert.equal(item.contextValue, 'loggedModel.run');
    const md = tooltip(models, cnn).value;
    assert.ok(md.includes(`$(key) \`${cnn.model.model_id}\``));
    assert.match(md, /\| model\\_acc \| 0\\\.8 \| 0 \|/);
    assert.match(md, /\| arch \| cnn \|/);
    assert.match(md, /`framework` torch/);
    assert.match(md, /\[Open source run\]\(command:mlops\.models\.openSourceRun\?/);
  });

  it('copies a version\'s URI, offers its aliases\' URIs, and copies a logged model\'s URI', async () => {
    const [challenger, , archived] = await versions(models, HOST_FOLDERS.lab, 'iris-classifier');
    await vscode.commands.executeCommand('mlops.models.copyUri', archived);
    assert.equal(await vscode.env.clipboard.readText(), 'models:/iris-classifier/1');
    let offered: string[] = [];
    const pick = stubWindow('showQuickPick', async (items) => {
      offered = (items as vscode.QuickPickItem[]).map((i) => i.label);
      return (items as vscode.QuickPickItem[])[1];
    });
    try {
      await vscode.commands.executeCommand('mlops.models.copyUri', challenger);
    } finally {
      pick.restore();
    }
    assert.deepEqual(offered, ['models:/iris-classifier/3', 'models:/iris-classifier@challenger']);
    assert.equal(await vscode.env.clipboard.readText(), 'models:/iris-classifier@challenger');
    const [cnn] = (await loggedModels(models)).filter((n) => n.model.name === 'cnn-model');
    await vscode.commands.executeCommand('mlops.models.copyUri', cnn);
    assert.equal(await vscode.env.clipboard.readText(), `models:/${cnn.model.model_id}`);
    assert.match(cnn.model.model_id, /^m-[0-9a-f]{32}$/);
  });

  it('opens the source run of a version, of a tooltip link and of a logged model in the Runs view', async () => {
    const [, champion] = await versions(models, HOST_FOLDERS.lab, 'iris-classifier');
    await vscode.commands.executeCommand('mlops.models.openSourceRun', champion);
    assert.equal((await selectedRun(runs, champion.version.run_id as string)).run.info.run_name, 'forest');
    assert.equal(runs.view.visible, true);
    const [, , archived] = await versions(models, HOST_FOLDERS.lab, 'iris-classifier');
    const lab = folderNamed(HOST_FOLDERS.lab);
    await vscode.commands.executeCommand('mlops.models.openSourceRun', { folder: lab.uri.toString(), runId: archived.version.run_id });
    assert.equal((await selectedRun(runs, archived.version.run_id as string)).run.info.run_name, 'tree');
    const [cnn] = (await loggedModels(models)).filter((n) => n.model.name === 'cnn-model');
    await vscode.commands.executeCommand('mlops.models.openSourceRun', cnn);
    assert.equal((await selectedRun(runs, cnn.model.source_run_id as string)).run.info.run_name, 'cnn-baseline');
  });

  it('refuses to change aliases of a local sqlite store: they are changed through a tracking server', async () => {
    const [challenger] = await versions(models, HOST_FOLDERS.lab, 'iris-classifier');
    const errors: string[] = [];
    const shown = stubWindow('showErrorMessage', async (text) => {
      errors.push(String(text));
      return undefined;
    });
    try {
      await vscode.commands.executeCommand('mlops.models.setAlias', challenger);
      await vscode.commands.executeCommand('mlops.models.removeAlias', challenger);
    } finally {
      shown.restore();
    }
    const db = path.join(folderNamed(HOST_FOLDERS.lab).uri.fsPath, 'mlflow.db');
    const reason = `Aliases are changed only on a tracking server: lab uses sqlite:///${db}, a local sqlite store that MLOps Studio never writes to.`;
    assert.equal(errors.length, 2);
    assert.ok(errors[0].startsWith(`Set Alias failed: ${reason}`), errors[0]);
    assert.ok(errors[1].startsWith(`Remove Alias failed: ${reason}`), errors[1]);
    assert.deepEqual((await registeredModel(models, HOST_FOLDERS.lab, 'iris-classifier')).model.aliases, { champion: '2', challenger: '3' });
  });

  it('follows the store: an alias MLflow sets appears without a refresh, expansion ids unchanged', async () => {
    assert.equal(models.view.visible, true, 'live updates run only while the view is visible');
    const before = (await versions(models, HOST_FOLDERS.lab, 'iris-classifier')).map((n) => models.tree.getTreeItem(n).id);
    const changed = nextEvent(models.tree.onDidChangeTreeData, (node) => node === undefined, 30_000, 'the Models view to follow the store');
    const db = path.join(folderNamed(HOST_FOLDERS.lab).uri.fsPath, 'mlflow.db');
    setAliasWithMlflow(`sqlite:///${db}`, 'iris-classifier', 'candidate', '1');
    try {
      await changed;
      let after: ModelVersionNode[] = [];
      await waitFor('@candidate on version 1', 30_000, async () => {
        after = await versions(models, HOST_FOLDERS.lab, 'iris-classifier');
        return /^@candidate · Archived · /.test(String(models.tree.getTreeItem(after[2]).description));
      });
      assert.deepEqual(after.map((n) => models.tree.getTreeItem(n).id), before);
    } finally {
      setAliasWithMlflow(`sqlite:///${db}`, 'iris-classifier', 'candidate', null);
    }
  });

  it('contributes every command it registers', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension('mlops-studio.mlops-studio')?.packageJSON.contributes.commands ?? []) as { command: string }[];
    const ours = contributed.map((c) => c.command).filter((c) => c.startsWith('mlops.models.'));
    assert.equal(ours.length, 5);
    assert.deepEqual(ours.filter((c) => !registered.has(c)), []);
  });

  describe('on a tracking server', function () {
    this.timeout(180_000);
    const script = path.join(repoRoot, 'test', 'integration', 'rest', 'fixtures', 'registry_aliases.py');
    let server: RunningMlflowServer;
    let folder: vscode.WorkspaceFolder;
    let warnings: string[];
    let stubs: { restore: () => void }[];
    const serverAliases = () => (JSON.parse(runPython(script, ['read', server.uri, 'aliased'])) as { model: Record<string, string> }).model;

    before(async () => {
      server = await startMlflowServer();
      runPython(script, ['populate', server.uri]);
      folder = folderNamed(HOST_FOLDERS.empty);
      await vscode.workspace.getConfiguration('mlops', folder.uri).update('trackingUri', server.uri, vscode.ConfigurationTarget.WorkspaceFolder);
    });

    beforeEach(() => {
      warnings = [];
      stubs = [];
    });

    afterEach(() => {
      for (const stub of stubs) stub.restore();
    });

    after(async () => {
      await vscode.workspace.getConfiguration('mlops', folder.uri).update('trackingUri', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await server?.stop();
    });

    /** Answers the modal confirmation with `answer`, keeping its question. */
    const confirmWith = (answer: string | undefined) =>
      stubs.push(stubWindow('showWarningMessage', async (text) => {
        warnings.push(String(text));
        return answer;
      }));

    it('marks versions writable', async () => {
      const nodes = await versions(models, HOST_FOLDERS.empty, 'aliased');
      assert.deepEqual(nodes.map((n) => models.tree.getTreeItem(n).contextValue), ['modelVersion.writable', 'modelVersion.writable', 'modelVersion.aliased.writable']);
    });

    it('moves an alias after a confirmation that names the server, the model, the alias and both versions', async () => {
      const [, second] = await versions(models, HOST_FOLDERS.empty, 'aliased');
      stubs.push(stubWindow('showQuickPick', async (items) => (items as { label: string }[]).find((i) => i.label === '@champion')));
      confirmWith(undefined);
      await vscode.commands.executeCommand('mlops.models.setAlias', second);
      assert.deepEqual(serverAliases(), { champion: '1' }, 'declining the confirmation changes nothing');
      stubs.pop()?.restore();
      confirmWith('Move Alias');
      await vscode.commands.executeCommand('mlops.models.setAlias', second);
      assert.deepEqual(warnings, [
        `Point alias @champion of aliased at version 2 on ${server.uri}? It now points at version 1.`,
        `Point alias @champion of aliased at version 2 on ${server.uri}? It now points at version 1.`,
      ]);
      assert.deepEqual(serverAliases(), { champion: '2' });
      const shown = await versions(models, HOST_FOLDERS.empty, 'aliased');
      assert.match(String(models.tree.getTreeItem(shown[1]).description), /^@champion · ready · /);
      assert.equal(models.tree.getTreeItem(shown[2]).contextValue, 'modelVersion.writable');
    });

    it('creates a new alias typed by the user', async () => {
      const [third] = await versions(models, HOST_FOLDERS.empty, 'aliased');
      stubs.push(stubWindow('showQuickPick', async (items) => (items as { label: string }[])[0]));
      stubs.push(stubWindow('showInputBox', async (options) => {
        const validate = (options as vscode.InputBoxOptions).validateInput;
        assert.equal(await validate?.('v3'), '"v3" is reserved: it reads as a version number.');
        return 'challenger';
      }));
      confirmWith('Create Alias');
      await vscode.commands.executeCommand('mlops.models.setAlias', third);
      assert.deepEqual(warnings, [`Create alias @challenger of aliased, pointing at version 3, on ${server.uri}?`]);
      assert.deepEqual(serverAliases(), { champion: '2', challenger: '3' });
    });

    it('removes an alias after a confirmation', async () => {
      const [, second] = await versions(models, HOST_FOLDERS.empty, 'aliased');
      confirmWith('Remove Alias');
      await vscode.commands.executeCommand('mlops.models.removeAlias', second);
      assert.deepEqual(warnings, [`Remove alias @champion of aliased from version 2 on ${server.uri}?`]);
      assert.deepEqual(serverAliases(), { challenger: '3' });
      const shown = await versions(models, HOST_FOLDERS.empty, 'aliased');
      assert.equal(models.tree.getTreeItem(shown[1]).contextValue, 'modelVersion.writable');
    });
  });
});

/** Sets (or with `version` null, deletes) an alias with MLflow's own client. */
function setAliasWithMlflow(uri: string, name: string, alias: string, version: string | null): void {
  const code = [
    'import sys, warnings',
    'warnings.filterwarnings("ignore")',
    'from mlflow import MlflowClient',
    'uri, name, alias, version = sys.argv[1:5]',
    'client = MlflowClient(tracking_uri=uri, registry_uri=uri)',
    'client.delete_registered_model_alias(name, alias) if version == "-" else client.set_registered_model_alias(name, alias, version)',
  ].join('\n');
  const result = spawnSync(pythonPath(), ['-c', code, uri, name, alias, version ?? '-'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}
