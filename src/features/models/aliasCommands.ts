import * as vscode from 'vscode';
import type { RegistryWrites } from '../../core/tracking/types';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import { requireTrust } from '../../vscode/workspaceTrust';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { aliasNameProblem } from './aliasName';
import type { ModelVersionNode, ModelsNode } from './modelsNodes';
import type { ModelsTree } from './modelsTree';

/** Pointing an alias at a version, and removing one: writes through a tracking server's API, each after a modal confirmation. */
export function registerAliasCommands(
  commands: CommandRegistry,
  services: { tree: ModelsTree; view: vscode.TreeView<ModelsNode>; stores: WorkspaceStores },
): void {
  const { tree, view, stores } = services;
  commands.register('mlops.models.setAlias', async (_context, given) => {
    requireTrust('Setting a model alias');
    const node = requireVersion(given ?? view.selection[0]);
    const writes = await registryWritesFor(node, stores);
    const { name } = node.model;
    const { version } = node.version;
    const alias = await pickAliasToSet(node);
    if (alias === undefined) return;
    const current = node.model.aliases[alias];
    if (current === version) {
      vscode.window.setStatusBarMessage(`@${alias} already points at version ${version} of ${name}`, 4000);
      return;
    }
    const question = current
      ? `Point alias @${alias} of ${name} at version ${version} on ${node.store.uri}? It now points at version ${current}.`
      : `Create alias @${alias} of ${name}, pointing at version ${version}, on ${node.store.uri}?`;
    const action = current ? 'Move Alias' : 'Create Alias';
    if (!(await confirm(question, `Whatever loads models:/${name}@${alias} gets version ${version} from then on.`, action))) return;
    await withCancellableProgress(`Setting @${alias} of ${name}`, (signal) => writes.setModelAlias(name, alias, version, signal));
    vscode.window.setStatusBarMessage(`@${alias} of ${name} now points at version ${version}`, 4000);
    await showWritten(tree);
  });
  commands.register('mlops.models.removeAlias', async (_context, given) => {
    requireTrust('Removing a model alias');
    const node = requireVersion(given ?? view.selection[0]);
    const writes = await registryWritesFor(node, stores);
    const { name } = node.model;
    const { version } = node.version;
    if (node.version.aliases.length === 0) throw new UserError(`Version ${version} of ${name} has no alias to remove.`);
    const alias = await pickAliasToRemove(node);
    if (alias === undefined) return;
    const question = `Remove alias @${alias} of ${name} from version ${version} on ${node.store.uri}?`;
    if (!(await confirm(question, `models:/${name}@${alias} stops resolving until the alias is set again.`, 'Remove Alias'))) return;
    await withCancellableProgress(`Removing @${alias} of ${name}`, (signal) => writes.deleteModelAlias(name, alias, signal));
    vscode.window.setStatusBarMessage(`Removed @${alias} of ${name}`, 4000);
    await showWritten(tree);
  });
}

// The write succeeded; a failing reload must not make it look as if it had not.
async function showWritten(tree: ModelsTree): Promise<void> {
  try {
    await tree.refreshLoaded();
  } catch {
    tree.reload();
  }
}

function requireVersion(given: unknown): ModelVersionNode {
  const node = given as ModelsNode | undefined;
  if (node?.kind !== 'modelVersion') throw new UserError('Choose a model version in the Models view first.');
  return node;
}

/** The tracking server's write API, refusing local stores and a view older than the folder's store. */
async function registryWritesFor(node: ModelVersionNode, stores: WorkspaceStores): Promise<RegistryWrites> {
  const { store, folder } = node;
  if (!store.registryWrites && store.kind === 'rest') {
    throw new UserError(`MLOps Studio cannot write to the model registry of ${store.uri} through this connection; set the alias with MLflow's client.`);
  }
  if (!store.registryWrites) {
    throw new UserError(
      `Aliases are changed only on a tracking server: ${folder.name} uses ${store.uri}, a local ${store.kind} store that MLOps Studio never writes to. ` +
        'Serve it with mlflow server and connect to that (MLOps: Connect to Tracking Server), or set the alias with MLflow\'s client.',
    );
  }
  const entry = await stores.get(folder);
  if (entry.status !== 'ready' || entry.store !== store) {
    throw new UserError(`The tracking store of ${folder.name} changed since the Models view was loaded. Refresh Models and try again.`);
  }
  return store.registryWrites;
}

async function pickAliasToSet(node: ModelVersionNode): Promise<string | undefined> {
  const elsewhere = Object.entries(node.model.aliases)
    .filter(([, version]) => version !== node.version.version)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (elsewhere.length > 0) {
    const fresh = { label: '$(add) New alias...', alias: undefined };
    const picked = await vscode.window.showQuickPick(
      [fresh, ...elsewhere.map(([alias, version]) => ({ label: `@${alias}`, description: `now on version ${version}`, alias }))],
      { title: `Alias for version ${node.version.version} of ${node.model.name}`, placeHolder: 'Move an alias here, or create one' },
    );
    if (!picked) return undefined;
    if (picked.alias !== undefined) return picked.alias;
  }
  const typed = await vscode.window.showInputBox({
    title: `New alias for version ${node.version.version} of ${node.model.name}`,
    prompt: 'Code loads it as models:/name@alias',
    placeHolder: 'champion',
    validateInput: (value) => aliasNameProblem(value.trim()),
  });
  return typed?.trim() || undefined;
}

async function pickAliasToRemove(node: ModelVersionNode): Promise<string | undefined> {
  const aliases = [...node.version.aliases].sort();
  if (aliases.length === 1) return aliases[0];
  const picked = await vscode.window.showQuickPick(aliases.map((alias) => `@${alias}`), {
    title: `Remove which alias of version ${node.version.version} of ${node.model.name}?`,
  });
  return picked?.slice(1);
}

async function confirm(question: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, action)) === action;
}

function withCancellableProgress(title: string, work: (signal: AbortSignal) => Promise<void>): Thenable<void> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return work(controller.signal);
  });
}
