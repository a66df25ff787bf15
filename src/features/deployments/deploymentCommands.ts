import * as vscode from 'vscode';
import type { BuiltImage } from '../../core/build';
import { portProblem } from '../../core/deploy/deploymentName';
import { type DeploymentSummary, type Revision, type RolloutResult, nextRevisionNumber } from '../../core/deploy/deploymentTarget';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import type { Logger } from '../../vscode/logger';
import { UserError } from '../../vscode/userError';
import { requireTrust } from '../../vscode/workspaceTrust';
import type { TrackingSecrets } from '../../vscode/trackingSecrets';
import type { ModelsFeature } from '../models/modelsFeature';
import { chooseDeployment, chooseTarget, imagesOf, modelOf, requireModelVersion, revisionNodeOf, withCancellableProgress } from './deploymentArgs';
import { modelText } from './deploymentItems';
import { KubernetesTarget } from '../../core/deploy/kubernetes/kubernetesTarget';
import { clusterImageProblem } from './clusterImages';
import { confirmChange, pickClusterImage } from './clusterPrompts';
import { clusterRemoveDetail, clusterStopDetail, localImageProblem } from './clusterTexts';
import { askDeploymentName, askPort, pickImage } from './deploymentPrompts';
import { deployQuestion, rollbackQuestion } from './deploymentTexts';
import { rolloutPolicy } from './deploymentSettings';
import type { DeploymentTargets } from './deploymentTargets';
import type { DeploymentsNode } from './deploymentsNodes';
import type { DeploymentsTree } from './deploymentsTree';
import { buildWithProgress, plannedTag } from './imageBuilds';
import { withRolloutProgress } from './rolloutProgress';

const DEFAULT_PORT = 8080;

/** What a script (or a test) can give Deploy Model Version instead of answering its questions; the confirmation is always asked. */
export interface DeployOptions {
  name?: string;
  /** an image reference or id; default: one of the version's images on the engine, or a new build */
  image?: string;
  /** only for a new deployment; an existing one keeps its port */
  port?: number;
  changeCause?: string;
}

export interface DeploymentServices {
  commands: CommandRegistry;
  logger: Logger;
  targets: DeploymentTargets;
  tree: DeploymentsTree;
  view: vscode.TreeView<DeploymentsNode>;
  models: ModelsFeature;
  trackingSecrets: TrackingSecrets;
}

/** Deploy, roll back, stop and remove: each after a modal confirmation that names the target and the change. */
export function registerDeploymentCommands(services: DeploymentServices): void {
  const { commands, logger, targets, tree, models } = services;
  // Retry after fixing a kubeconfig (new token, new server) must read it again, not reuse the old client.
  commands.register('mlops.deployments.refresh', () => targets.reload());

  commands.register('mlops.deployments.deploy', async (_context, given, optionsArg): Promise<RolloutResult | undefined> => {
    requireTrust('Deploying a model');
    const options = deployOptionsOf(optionsArg);
    const node = requireModelVersion(given ?? models.view.selection[0]);
    const model = modelOf(node);
    const target = await chooseTarget(targets, `deploy ${model.name} v${model.version}`);
    if (!target) return undefined;
    const { deployments, images } = await withCancellableProgress(`Checking ${target.description}`, async (signal) => {
      await target.check({ signal });
      return { deployments: await target.list({ signal }), images: await imagesOf(target, model, { signal }) };
    });
    const name = options.name ?? (await askDeploymentName(model, deployments));
    if (!name) return undefined;
    const existing = deployments.find((d) => d.name === name) ?? null;
    const cluster = target instanceof KubernetesTarget;
    if (cluster && options.image !== undefined) {
      const problem = clusterImageProblem(options.image);
      if (problem) throw new UserError(localImageProblem(problem));
    }
    const choice = options.image !== undefined ? { kind: 'existing' as const, reference: options.image } : cluster ? await clusterChoice(model, logger) : await imageChoice(images, model);
    if (!choice) return undefined;
    // a cluster's Service keeps its port; a new one serves on the container's port unless told otherwise
    const port = cluster ? (existing?.current?.port ?? options.port ?? DEFAULT_PORT) : await portFor(existing, options.port);
    if (port === undefined) return undefined;
    const revision = nextRevisionNumber(existing);
    const policy = rolloutPolicy();
    const imageText = choice.kind === 'build' ? `A new image (${plannedTag(node)}) is built from the model's files first${cluster ? ' and pushed to its registry' : ''}.` : `Image: ${choice.reference}.`;
    const detail = `${imageText} The new revision must answer GET /ping within ${policy.healthTimeoutMs / 1000} s; ${policy.autoRollback ? 'if it does not, the current revision stays (automatic rollback)' : 'automatic rollback is off'}.`;
    const question = deployQuestion(model, name, revision, target.description, existing?.current ?? null, port);
    if (!(await confirmChange(target, question, detail, 'Deploy', `deploy ${model.name} v${model.version} as '${name}'`))) return undefined;
    let image = choice.kind === 'existing' ? choice.reference : undefined;
    if (choice.kind === 'build') {
      const built = (await buildWithProgress(node, { logger, trackingSecrets: services.trackingSecrets })) satisfies BuiltImage;
      image = built.reference;
      if (cluster) {
        const pushed = await vscode.commands.executeCommand<{ repoDigest: string } | undefined>('mlops.deployments.pushImage', node, { image: built.reference });
        if (!pushed) return undefined;
      }
    }
    const title = `Deploying ${model.name} v${model.version} to '${name}'`;
    // A failed rollout leaves a failed revision to show too.
    const result = await withRolloutProgress(title, logger, (call) =>
      target.deploy({ name, image: image as string, model, port: existing?.current ? undefined : port, changeCause: options.changeCause }, call),
    ).finally(() => settled(tree));
    announce(result, name);
    return result;
  });

  // To the revision clicked, or (from a deployment, or the palette) to the previous one.
  const rollback = async (signal: AbortSignal, given: unknown, toThis: boolean): Promise<RolloutResult | undefined> => {
    requireTrust('Rolling back a deployment');
    const revisionNode = toThis ? revisionNodeOf(given) : undefined;
    const chosen = await chooseDeployment(given, targets, signal, 'roll back');
    if (!chosen) return undefined;
    const { target, deployment } = chosen;
    const to = revisionNode ? deployment.revisions.find((r) => r.revision === revisionNode.revision.revision) : previousServed(deployment);
    if (!to) {
      throw new UserError(revisionNode
        ? `Revision ${revisionNode.revision.revision} of '${deployment.name}' is no longer kept (mlops.deploy.revisionHistoryLimit).`
        : `'${deployment.name}' has no earlier revision that served to roll back to.`);
    }
    if (to.current) throw new UserError(`Revision ${to.revision} is already the current revision of '${deployment.name}'.`);
    if (!to.served) throw new UserError(`Revision ${to.revision} of '${deployment.name}' never passed its health check; roll back to a revision that served.`);
    const question = rollbackQuestion(deployment.name, to, nextRevisionNumber(deployment), target.description, deployment.current);
    const detail = `Revision ${to.revision} runs ${modelText(to)} from image ${to.image.reference} (${to.image.digest.slice(0, 19)}…), made ${new Date(to.createdAt).toLocaleString()}: ${to.changeCause}`;
    if (!(await confirmChange(target, question, detail, 'Roll Back', `roll '${deployment.name}' back to revision ${to.revision}`))) return undefined;
    const result = await withRolloutProgress(`Rolling back '${deployment.name}' to revision ${to.revision}`, logger, (call) => target.rollback(deployment.name, to.revision, call)).finally(() =>
      settled(tree),
    );
    announce(result, deployment.name);
    return result;
  };
  commands.register('mlops.deployments.rollback', (context, given) => rollback(context.signal, given, true));
  commands.register('mlops.deployments.rollbackPrevious', (context, given) => rollback(context.signal, given, false));

  commands.register('mlops.deployments.stop', async (context, given) => {
    requireTrust('Stopping a deployment');
    const chosen = await chooseDeployment(given, targets, context.signal, 'stop');
    if (!chosen) return;
    const { target, deployment } = chosen;
    const current = deployment.current;
    const serving = current && current.status !== 'stopped' ? `Revision ${current.revision} (${modelText(current)}) stops serving on port ${current.port}.` : 'Nothing of it is serving now.';
    const question = `Stop '${deployment.name}' on ${target.description}?`;
    const detail = target instanceof KubernetesTarget
      ? clusterStopDetail(deployment.name, target.workload.replicas, deployment.revisions.length)
      : `${serving} Its ${countText(deployment)} stay: deploy or roll back to serve again.`;
    if (!(await confirmChange(target, question, detail, 'Stop', `scale '${deployment.name}' to 0 replicas`))) return;
    await withCancellableProgress(`Stopping '${deployment.name}'`, (signal) => target.stop(deployment.name, { signal }));
    logger.info(`Stopped '${deployment.name}' on ${target.description}`);
    await settled(tree);
  });

  commands.register('mlops.deployments.remove', async (context, given) => {
    requireTrust('Removing a deployment');
    const chosen = await chooseDeployment(given, targets, context.signal, 'remove');
    if (!chosen) return;
    const { target, deployment } = chosen;
    const question = `Remove '${deployment.name}' and its ${countText(deployment)} from ${target.description}?`;
    const serving = deployment.current && deployment.current.status !== 'stopped' ? ` Revision ${deployment.current.revision} stops serving on port ${deployment.current.port}.` : '';
    const detail = target instanceof KubernetesTarget
      ? clusterRemoveDetail(deployment.name)
      : `Its containers are deleted, so it cannot be rolled back afterwards.${serving} The images stay on the engine.`;
    if (!(await confirmChange(target, question, detail, 'Remove', `delete '${deployment.name}'`))) return;
    await withCancellableProgress(`Removing '${deployment.name}'`, (signal) => target.remove(deployment.name, { signal }));
    logger.info(`Removed '${deployment.name}' from ${target.description}`);
    await settled(tree);
  });
}

/** The options a caller passed, each checked: a command's arguments are whatever the caller sent. */
function deployOptionsOf(value: unknown): DeployOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new UserError('Deploy Model Version takes its options as an object: { name, image, port, changeCause }.');
  const given = value as Record<string, unknown>;
  const text = (key: string) => {
    const field = given[key];
    if (field !== undefined && typeof field !== 'string') throw new UserError(`The option ${key} of Deploy Model Version must be a string.`);
    return field;
  };
  const port = given.port;
  if (port !== undefined && typeof port !== 'number') throw new UserError('The option port of Deploy Model Version must be a number.');
  return { name: text('name'), image: text('image'), port, changeCause: text('changeCause') };
}

type Choice = { kind: 'existing'; reference: string } | { kind: 'build' };

async function clusterChoice(model: Parameters<typeof pickClusterImage>[0], logger: Logger): Promise<Choice | undefined> {
  const picked = await pickClusterImage(model, logger, AbortSignal.timeout(30_000));
  if (!picked) return undefined;
  return picked.kind === 'buildAndPush' ? { kind: 'build' } : { kind: 'existing', reference: picked.reference };
}

async function imageChoice(images: Parameters<typeof pickImage>[0], model: Parameters<typeof pickImage>[1]): Promise<Choice | undefined> {
  const picked = await pickImage(images, model);
  if (!picked) return undefined;
  return picked.kind === 'build' ? picked : { kind: 'existing', reference: picked.image.reference };
}

async function portFor(existing: DeploymentSummary | null, given: number | undefined): Promise<number | undefined> {
  if (existing?.current) return existing.current.port;
  if (given === undefined) return askPort(existing, DEFAULT_PORT);
  const problem = portProblem(given);
  if (problem) throw new UserError(problem);
  return given;
}

/** What "roll back" without a revision goes back to: the newest revision before the current one that served. */
function previousServed(deployment: DeploymentSummary): Revision | undefined {
  const current = deployment.current?.revision;
  if (current === undefined) return undefined;
  return deployment.revisions.find((r) => r.revision < current && r.served);
}

function countText(deployment: DeploymentSummary): string {
  const count = deployment.revisions.length;
  return `${count} revision${count === 1 ? '' : 's'}`;
}

/** The view shows what the command did before it returns (the engine's events may come later). */
async function settled(tree: DeploymentsTree): Promise<void> {
  try {
    await tree.reloaded();
  } catch {
    tree.refresh();
  }
}

function announce(result: RolloutResult, name: string): void {
  const { revision, elapsedMs } = result;
  const message = result.skipped ? `'${name}': ${result.skipped}.` : `Revision ${revision.revision} of '${name}' serves ${modelText(revision)} on port ${revision.port} (healthy after ${(elapsedMs / 1000).toFixed(1)} s).`;
  vscode.window.setStatusBarMessage(message, 8000);
  void vscode.window.showInformationMessage(message);
}
