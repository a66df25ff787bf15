import * as vscode from 'vscode';
import { TrackingError } from '../../core/tracking/errors';
import type { TrackingStore } from '../../core/tracking/types';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import { UserError } from '../../vscode/userError';
import type { RunsFeature } from '../runs/runsFeature';
import { revealRun } from '../runs/runReveal';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { loggedModelUri, versionUris } from './modelUris';
import type { LoggedModelNode, ModelVersionNode, ModelsNode } from './modelsNodes';
import type { SourceRunLink } from './modelTooltips';
import type { ModelsTree } from './modelsTree';

interface SourceRun {
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  runId: string;
  /** "version 3 of iris-classifier", for messages */
  of: string;
}

/** Refresh, copy a model's URI, and reveal the run a model came from. */
export function registerModelsCommands(
  commands: CommandRegistry,
  services: { tree: ModelsTree; view: vscode.TreeView<ModelsNode>; stores: WorkspaceStores; runs: RunsFeature },
): void {
  const { tree, view, stores, runs } = services;
  commands.register('mlops.models.refresh', () => tree.reload());
  commands.register('mlops.models.copyUri', async (_context, given) => {
    const node = requireModel(given ?? view.selection[0]);
    const uri = node.kind === 'loggedModel' ? loggedModelUri(node.model) : await pickVersionUri(node);
    if (uri === undefined) return;
    await vscode.env.clipboard.writeText(uri);
    vscode.window.setStatusBarMessage(`Copied ${uri}`, 3000);
  });
  commands.register('mlops.models.openSourceRun', async (context, given) => {
    const source = await sourceRunOf(given ?? view.selection[0], stores);
    let experimentId: string;
    try {
      experimentId = (await source.store.getRun(source.runId, context.signal)).info.experiment_id;
    } catch (error) {
      if (error instanceof TrackingError && error.code === 'NOT_FOUND') {
        throw new UserError(`The source run ${source.runId} of ${source.of} is no longer in ${source.store.uri}: it was deleted for good.`);
      }
      throw error;
    }
    await revealRun(runs, source.folder, experimentId, source.runId, context.signal);
  });
}

async function pickVersionUri(node: ModelVersionNode): Promise<string | undefined> {
  const uris = versionUris(node.version);
  if (uris.length === 1) return uris[0].uri;
  const picked = await vscode.window.showQuickPick(
    uris.map(({ uri, meaning }) => ({ label: uri, description: meaning })),
    { title: `Copy a URI of ${node.model.name} version ${node.version.version}`, placeHolder: 'mlflow.pyfunc.load_model accepts each of these' },
  );
  return picked?.label;
}

function requireModel(given: unknown): ModelVersionNode | LoggedModelNode {
  const node = given as ModelsNode | undefined;
  if (node?.kind === 'modelVersion' || node?.kind === 'loggedModel') return node;
  throw new UserError('Choose a model version or a logged model in the Models view first.');
}

/** From a tree node (context menu) or a tooltip's link, which carries plain JSON. */
async function sourceRunOf(given: unknown, stores: WorkspaceStores): Promise<SourceRun> {
  const node = given as ModelsNode | SourceRunLink | undefined;
  if (node && 'kind' in node) {
    if (node.kind === 'modelVersion') {
      const of = `version ${node.version.version} of ${node.model.name}`;
      if (!node.version.run_id) throw new UserError(`${capitalize(of)} has no source run: it was registered from ${node.version.source}.`);
      return { folder: node.folder, store: node.store, runId: node.version.run_id, of };
    }
    if (node.kind === 'loggedModel') {
      const of = `logged model ${node.model.name}`;
      if (!node.model.source_run_id) throw new UserError(`${capitalize(of)} has no source run.`);
      return { folder: node.folder, store: node.store, runId: node.model.source_run_id, of };
    }
  } else if (node && typeof node.runId === 'string' && typeof node.folder === 'string') {
    const folder = stores.folders().find((f) => f.uri.toString() === node.folder);
    const entry = folder && (await stores.get(folder));
    if (entry?.status === 'ready') return { folder: entry.folder, store: entry.store, runId: node.runId, of: 'this model' };
    throw new UserError('The workspace folder of this model is no longer open, or its tracking store changed. Refresh Models and try again.');
  }
  throw new UserError('Choose a model version or a logged model in the Models view first.');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
