import * as vscode from 'vscode';
import { deploymentNameProblem, portProblem, suggestDeploymentName } from '../../core/deploy/deploymentName';
import type { DeploymentSummary, ModelIdentity } from '../../core/deploy/deploymentTarget';
import type { ModelImage } from '../../core/deploy/docker/modelImages';
import { formatRelativeTime } from '../../core/format/time';

export type ImageChoice = { kind: 'existing'; image: ModelImage } | { kind: 'build' };

/** Which image of the model version to deploy: one on the engine (newest first), or a new build when there is none or the user asks. */
export async function pickImage(images: ModelImage[], model: ModelIdentity): Promise<ImageChoice | undefined> {
  if (images.length === 0) return { kind: 'build' };
  const now = Date.now();
  const existing = images.map((image) => ({ label: image.reference, description: `built ${formatRelativeTime(image.createdAt, now)}`, detail: image.id, choice: { kind: 'existing', image } as ImageChoice }));
  const build = { label: '$(tools) Build a new image', description: 'from the model version\'s files', detail: undefined, choice: { kind: 'build' } as ImageChoice };
  const picked = await vscode.window.showQuickPick([...existing, build], {
    title: `Deploy ${model.name} v${model.version}: which image?`,
    placeHolder: 'Images on the engine labelled with this model version',
  });
  return picked?.choice;
}

/** The deployment's name: by default the one already serving this model, else one made from the model's name. */
export async function askDeploymentName(model: ModelIdentity, deployments: DeploymentSummary[]): Promise<string | undefined> {
  const serving = deployments.find((d) => d.current?.model?.name === model.name);
  const typed = await vscode.window.showInputBox({
    title: `Deploy ${model.name} v${model.version}: deployment name`,
    prompt: 'A new name makes a new deployment; an existing one gets a new revision',
    value: serving?.name ?? suggestDeploymentName(model.name),
    validateInput: (value) => deploymentNameProblem(value.trim()),
  });
  return typed?.trim() || undefined;
}

export async function askPort(existing: DeploymentSummary | null, fallback: number): Promise<number | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Port clients call',
    prompt: existing?.current ? `'${existing.name}' serves on port ${existing.current.port}; another port moves it` : 'The scoring server listens on this port of the engine\'s machine',
    value: String(existing?.current?.port ?? fallback),
    validateInput: (value) => portProblem(Number(value.trim())),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

export async function confirm(question: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, action)) === action;
}
