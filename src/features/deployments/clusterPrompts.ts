import * as vscode from 'vscode';
import type { DeploymentTarget, ModelIdentity } from '../../core/deploy/deploymentTarget';
import { LABELS } from '../../core/deploy/docker/revisionLabels';
import { KubernetesTarget } from '../../core/deploy/kubernetes/kubernetesTarget';
import { namespaceConfirmed, protectingPattern } from '../../core/deploy/kubernetes/protectedContexts';
import { formatRelativeTime } from '../../core/format/time';
import { describeError } from '../../core/tracking/errors';
import type { Logger } from '../../vscode/logger';
import { UserError } from '../../vscode/userError';
import { type PushedImage, pushedImages } from './clusterImages';
import { clusterSettings } from './clusterSettings';
import { typedConfirmationPrompt } from './clusterTexts';
import { confirm } from './deploymentPrompts';
import { buildSettings } from './deploymentSettings';
import { dockerEngine } from './imageBuilds';

/**
 * The modal confirmation of a change; in a protected context (mlops.kubernetes.protectedContexts)
 * the user then types the namespace, and anything else (or Escape) changes nothing.
 */
export async function confirmChange(target: DeploymentTarget, question: string, detail: string, action: string, change: string): Promise<boolean> {
  if (!(await confirm(question, detail, action))) return false;
  if (!(target instanceof KubernetesTarget)) return true;
  const { context, namespace } = target.access;
  const pattern = protectingPattern(context, clusterSettings().protectedContexts);
  if (!pattern) return true;
  const typed = await vscode.window.showInputBox({
    title: `${action}: ${context}/${namespace}`,
    prompt: typedConfirmationPrompt(context, pattern, namespace, change),
    placeHolder: namespace,
    ignoreFocusOut: true,
    validateInput: (value) => (namespaceConfirmed(value, namespace) ? undefined : `Type ${namespace} to go ahead`),
  });
  if (namespaceConfirmed(typed, namespace)) return true;
  if (typed !== undefined) void vscode.window.showWarningMessage(`Nothing changed: '${typed}' is not the namespace '${namespace}'.`);
  return false;
}

export type ClusterImageChoice = { kind: 'pushed'; reference: string } | { kind: 'buildAndPush'; registry: string };

/**
 * Which image a cluster deploys: one of the version's images pushed to mlops.build.registry, or a
 * new build pushed there. A local-only image is never offered: the nodes could not pull it.
 */
export async function pickClusterImage(model: ModelIdentity, logger: Logger, signal: AbortSignal): Promise<ClusterImageChoice | undefined> {
  const { registry } = buildSettings();
  if (!registry) {
    throw new UserError(`A cluster pulls its images from a registry: set mlops.build.registry (then Deploy offers to build and push ${model.name} v${model.version} there), or pass an image reference in a registry.`);
  }
  const pushed = await pushedImagesOf(model, registry, logger, signal);
  const now = Date.now();
  const items = [
    ...pushed.map((image) => ({ label: image.reference, description: `pushed, built ${formatRelativeTime(image.createdAt, now)}`, detail: image.repoDigest, choice: { kind: 'pushed', reference: image.reference } as ClusterImageChoice })),
    { label: `$(tools) Build and push to ${registry}`, description: 'from the model version\'s files', detail: undefined, choice: { kind: 'buildAndPush', registry } as ClusterImageChoice },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Deploy ${model.name} v${model.version} to a cluster: which image?`,
    placeHolder: `Images of this version pushed to ${registry} (the cluster pulls them from there)`,
  });
  return picked?.choice;
}

async function pushedImagesOf(model: ModelIdentity, registry: string, logger: Logger, signal: AbortSignal): Promise<PushedImage[]> {
  try {
    const filters = { label: [`${LABELS.modelName}=${model.name}`, `${LABELS.modelVersion}=${model.version}`] };
    return pushedImages(await dockerEngine().docker.listImages({ filters, abortSignal: signal }), registry);
  } catch (error) {
    // without the engine nothing pushed from it is known; building and pushing still needs it and says so
    logger.warn(`Deployments: cannot list the images of ${model.name} v${model.version} on the Docker engine: ${describeError(error)}`);
    return [];
  }
}
