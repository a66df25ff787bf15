import * as vscode from 'vscode';
import { setContext } from '../../vscode/contextKeys';
import type { TrackingSecrets } from '../../vscode/trackingSecrets';
import type { FeatureServices } from '../featureServices';
import type { ModelsFeature } from '../models/modelsFeature';
import { registerDeploymentCommands } from './deploymentCommands';
import { registerDeploymentInspectCommands } from './deploymentInspectCommands';
import { registerClusterContextCommand } from './clusterContextCommand';
import { clusterSource } from './clusterTargetSource';
import { DeploymentTargets, dockerSource } from './deploymentTargets';
import { DeploymentsLiveUpdates } from './deploymentsLiveUpdates';
import type { DeploymentsNode } from './deploymentsNodes';
import { DeploymentsTree } from './deploymentsTree';
import { registerImageCommands } from './imageCommands';
import { registerPortForwardCommands } from './portForwardCommands';
import { RegistrySecrets } from './registrySecrets';

export interface DeploymentsFeature {
  tree: DeploymentsTree;
  view: vscode.TreeView<DeploymentsNode>;
  targets: DeploymentTargets;
}

/** The Deployments view: targets, their deployments and revisions, following the engines' events; build, push, deploy, roll back. */
export function registerDeploymentsFeature(
  context: vscode.ExtensionContext,
  services: FeatureServices & { models: ModelsFeature; secrets: TrackingSecrets },
): DeploymentsFeature {
  const { commands, logger, models, secrets } = services;
  const targets = new DeploymentTargets([dockerSource, clusterSource]);
  const tree = new DeploymentsTree(targets, logger);
  const view = vscode.window.createTreeView('mlops.deployments', { treeDataProvider: tree, showCollapseAll: true });
  const live = new DeploymentsLiveUpdates(tree, targets, logger);
  context.subscriptions.push(
    targets,
    tree,
    view,
    live,
    tree.onDidChangeState((viewState) => setContext('mlops.deployments.state', viewState)),
    view.onDidChangeVisibility((event) => live.setVisible(event.visible)),
    targets.onDidChange(() => {
      live.restart();
      tree.refresh();
    }),
  );
  live.setVisible(view.visible);
  const registry = new RegistrySecrets(context.secrets);
  const shared = { commands, logger, targets, tree, view, models, trackingSecrets: secrets };
  registerDeploymentCommands(shared);
  registerClusterContextCommand(commands, logger);
  registerDeploymentInspectCommands({ ...shared, state: context.workspaceState, subscriptions: context.subscriptions });
  registerImageCommands({ ...shared, registry });
  registerPortForwardCommands({ ...shared, subscriptions: context.subscriptions });
  return { tree, view, targets };
}
