import * as vscode from 'vscode';
import { DeployError } from '../../core/deploy/deployError';
import type { DeploymentSummary, DeploymentTarget, ModelIdentity, TargetCall } from '../../core/deploy/deploymentTarget';
import { DockerTarget } from '../../core/deploy/docker/dockerTarget';
import type { ModelImage } from '../../core/deploy/docker/modelImages';
import { UserError } from '../../vscode/userError';
import type { ModelVersionNode, ModelsNode } from '../models/modelsNodes';
import type { DeploymentTargets } from './deploymentTargets';
import type { DeploymentsNode, RevisionNode } from './deploymentsNodes';

/** A deployment a command acts on, read from its target just now (a tree node may be older). */
export interface ChosenDeployment {
  target: DeploymentTarget;
  deployment: DeploymentSummary;
}

export function requireModelVersion(given: unknown): ModelVersionNode {
  const node = given as ModelsNode | undefined;
  if (node?.kind !== 'modelVersion') throw new UserError('Choose a model version in the Models view first.');
  return node;
}

export function modelOf(node: ModelVersionNode): ModelIdentity {
  return { name: node.model.name, version: node.version.version, runId: node.version.run_id ?? null };
}

/** The revision node a context-menu command was given, if it was one. */
export function revisionNodeOf(given: unknown): RevisionNode | undefined {
  const node = given as DeploymentsNode | undefined;
  return node?.kind === 'revision' ? node : undefined;
}

/** The target a command from the Models view or the palette acts on: the only one, or the user's pick. */
export async function chooseTarget(targets: DeploymentTargets, action: string): Promise<DeploymentTarget | undefined> {
  const usable = targets.all().flatMap((entry) => (entry.ok ? [entry.target] : []));
  // None usable: docker() throws the reason the settings give.
  if (usable.length <= 1) return usable[0] ?? targets.docker();
  const picked = await vscode.window.showQuickPick(
    usable.map((target) => ({ label: target.kind === 'docker' ? 'Docker engine' : 'Kubernetes cluster', description: target.location, target })),
    { title: `Where to ${action}?` },
  );
  return picked?.target;
}

/**
 * The deployment of a tree node (a deployment or one of its revisions), or one the user picks from
 * a target's when the command came from the palette.
 */
export async function chooseDeployment(given: unknown, targets: DeploymentTargets, signal: AbortSignal, action: string): Promise<ChosenDeployment | undefined> {
  const node = given as DeploymentsNode | undefined;
  if (node?.kind === 'deployment' || node?.kind === 'revision') {
    return { target: node.target, deployment: await node.target.history(node.deployment.name, { signal }) };
  }
  const target = await chooseTarget(targets, action);
  if (!target) return undefined;
  const deployments = await target.list({ signal });
  if (deployments.length === 0) throw new UserError(`There are no deployments on ${target.description} to ${action}. Deploy a model version from the Models view first.`);
  const picked = await vscode.window.showQuickPick(
    deployments.map((deployment) => ({
      label: deployment.name,
      description: deployment.current ? `revision ${deployment.current.revision} · ${deployment.current.status} · :${deployment.current.port}` : 'never served',
      deployment,
    })),
    { title: `Which deployment to ${action}?`, placeHolder: `Deployments on ${target.description}` },
  );
  return picked && { target, deployment: picked.deployment };
}

/** Images on the target labelled with `model`; a target that pulls from a registry has none of its own. */
export async function imagesOf(target: DeploymentTarget, model: ModelIdentity, call: TargetCall): Promise<ModelImage[]> {
  return target instanceof DockerTarget ? target.modelImages(model, call) : [];
}

/** The Docker engine's target, for commands that work with images on it. */
export function dockerTargetOf(targets: DeploymentTargets): DockerTarget {
  const target = targets.docker();
  if (!(target instanceof DockerTarget)) throw new DeployError('INVALID_ARGUMENT', 'Images are built and listed on the Docker engine only.');
  return target;
}

/** Runs `work` under a cancellable progress notification; resolves with its result. */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      return await work(controller.signal, (message) => progress.report({ message }));
    } finally {
      cancel.dispose();
    }
  });
}
