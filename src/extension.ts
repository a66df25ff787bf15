import * as vscode from 'vscode';
import { WorkerTrackingStore } from './core/tracking/worker/workerTrackingStore';
import { type CompareFeature, registerCompareFeature } from './features/compare/compareFeature';
import { type DatasetsFeature, registerDatasetsFeature } from './features/datasets/datasetsFeature';
import { type DeploymentsFeature, registerDeploymentsFeature } from './features/deployments/deploymentsFeature';
import { type InlineMetricsFeature, registerInlineMetricsFeature } from './features/inline/inlineMetricsFeature';
import { type ModelsFeature, registerModelsFeature } from './features/models/modelsFeature';
import { type RunsFeature, registerRunsFeature } from './features/runs/runsFeature';
import { registerStoreCommands } from './features/stores/storeCommands';
import { SharedStoreWatches } from './features/stores/sharedStoreWatches';
import { WorkspaceStores } from './features/stores/workspaceStores';
import { CommandRegistry } from './vscode/commandRegistry';
import { createLogger } from './vscode/logger';
import { Settings } from './vscode/settings';
import { TrackingSecrets } from './vscode/trackingSecrets';

/** What `activate` returns: the features, for the host tests and for other extensions. */
export interface MlopsApi {
  runs: RunsFeature;
  models: ModelsFeature;
  datasets: DatasetsFeature;
  compare: CompareFeature;
  inline: InlineMetricsFeature;
  deployments: DeploymentsFeature;
}

/** Composition root: builds the services and hands them to the features. No I/O happens here. */
export function activate(context: vscode.ExtensionContext): MlopsApi {
  const channel = vscode.window.createOutputChannel('MLOps Studio', { log: true });
  const logger = createLogger(channel);
  const settings = new Settings();
  const secrets = new TrackingSecrets(context.secrets);
  // Stores read in a worker thread: a 10,000-run search must not freeze the extension host.
  const workerScript = context.asAbsolutePath('dist/trackingWorker.js');
  const stores = new WorkspaceStores(settings, secrets, logger, (resolved, options) =>
    WorkerTrackingStore.start({ workerScript, resolved, options, resourceLimits: { maxOldGenerationSizeMb: 4096 } }),
  );
  const watches = new SharedStoreWatches(stores, settings);
  const commands = new CommandRegistry(context, logger);
  context.subscriptions.push(channel, stores, watches);

  commands.register('mlops.showVersion', () => {
    const version = (context.extension.packageJSON as { version: string }).version;
    // Not awaited: the message's promise settles only when the user closes it.
    void vscode.window.showInformationMessage(`MLOps Studio ${version}`);
  });
  registerStoreCommands(commands, { stores, settings, secrets, logger });
  const services = { stores, watches, commands, settings, logger };
  const runs = registerRunsFeature(context, services);
  const models = registerModelsFeature(context, { ...services, runs });
  const datasets = registerDatasetsFeature(context, services);
  const compare = registerCompareFeature(context, { ...services, runs });
  const inline = registerInlineMetricsFeature(context, { ...services, runs });
  const deployments = registerDeploymentsFeature(context, { ...services, models, secrets });
  return { runs, models, datasets, compare, inline, deployments };
}

export function deactivate(): void {}
