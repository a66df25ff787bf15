import * as os from 'node:os';
import * as vscode from 'vscode';
import { type BuiltImage, type DockerEngine, pushImage, registryAuthFor } from '../../core/build';
import { defaultImageTag, parseImageReference, repositoryOf } from '../../core/build/imageReference';
import type { ModelImage } from '../../core/deploy/docker/modelImages';
import { formatRelativeTime } from '../../core/format/time';
import { describeError } from '../../core/tracking/errors';
import type { CommandRegistry } from '../../vscode/commandRegistry';
import type { Logger } from '../../vscode/logger';
import { UserError } from '../../vscode/userError';
import { requireTrust } from '../../vscode/workspaceTrust';
import type { TrackingSecrets } from '../../vscode/trackingSecrets';
import type { ModelsFeature } from '../models/modelsFeature';
import { dockerTargetOf, modelOf, requireModelVersion, withCancellableProgress } from './deploymentArgs';
import { confirm } from './deploymentPrompts';
import { buildSettings, dockerHostSetting } from './deploymentSettings';
import type { DeploymentTargets } from './deploymentTargets';
import { chooseBuildSource, describeBuildSource } from './dockerfileChoice';
import { buildWithProgress, dockerEngine, plannedTag, quietCancel } from './imageBuilds';
import { RegistrySecrets, hostOf } from './registrySecrets';

interface PushOptions {
  /** an image reference or id of the version's images; default: the only one, or the user's pick */
  image?: string;
  /** where an image without a registry in its tag goes; default mlops.build.registry, else asked */
  registry?: string;
}

/** Build Image and Push Image of a model version, and the registry login they use. */
export function registerImageCommands(services: {
  commands: CommandRegistry;
  logger: Logger;
  targets: DeploymentTargets;
  models: ModelsFeature;
  trackingSecrets: TrackingSecrets;
  registry: RegistrySecrets;
}): void {
  const { commands, logger, targets, models, registry } = services;

  commands.register('mlops.deployments.buildImage', async (_context, given, optionsArg): Promise<BuiltImage | undefined> => {
    requireTrust('Building an image');
    const options = optionsArg as { dockerfile?: string } | undefined;
    if (options !== undefined && (typeof options !== 'object' || (options.dockerfile !== undefined && typeof options.dockerfile !== 'string'))) {
      throw new UserError('Build Image takes its options as { dockerfile }: an absolute path, or "generated".');
    }
    const node = requireModelVersion(given ?? models.view.selection[0]);
    const source = await chooseBuildSource(node.folder, options?.dockerfile);
    if (!source) return undefined;
    const where = `the Docker engine ${dockerHostSetting() || '(DOCKER_HOST or the default socket)'}`;
    const question = `Build the serving image of ${node.model.name} v${node.version.version} on ${where}?`;
    const detail = `Built from ${describeBuildSource(source, node.folder)}. The image is tagged ${plannedTag(node)} and labelled with the model version; an image with that tag is replaced. The model's files come from ${node.store.uri}.`;
    if (!(await confirm(question, detail, 'Build Image'))) return undefined;
    const built = await buildWithProgress(node, { logger, trackingSecrets: services.trackingSecrets }, source);
    void vscode.window.showInformationMessage(`Built ${built.reference} for ${built.model.name} v${built.model.version}.`);
    return built;
  });

  commands.register('mlops.deployments.pushImage', async (_context, given, optionsArg) => {
    requireTrust('Pushing an image');
    const options = optionsArg as PushOptions | undefined;
    if (options !== undefined && (typeof options !== 'object' || [options.image, options.registry].some((v) => v !== undefined && typeof v !== 'string'))) {
      throw new UserError('Push Image takes its options as an object of strings: { image, registry }.');
    }
    const node = requireModelVersion(given ?? models.view.selection[0]);
    const target = dockerTargetOf(targets);
    const model = modelOf(node);
    const images = await withCancellableProgress(`Listing the images of ${model.name} v${model.version}`, (signal) => target.modelImages(model, { signal }));
    const engine = dockerEngine();
    const wantedId = options?.image === undefined ? undefined : await imageIdOf(engine, options.image);
    const image = await chooseImage(images, wantedId, `${model.name} v${model.version}`, target.description);
    if (!image) return undefined;
    // The registry asked for (or set), else the one the image is tagged for, else the user's answer.
    const ownRegistry = safeParse(image.reference)?.registry ? image.reference : undefined;
    const registryHost = options?.registry ?? (buildSettings().registry || undefined);
    const reference = registryHost ? defaultImageTag(registryHost, model.name, model.version) : (ownRegistry ?? (await askedTag(model.name, model.version)));
    if (!reference) return undefined;
    const parsed = parseImageReference(reference);
    const host = parsed.registry as string;
    const explicit = await registry.get(host);
    const auth = registryAuthFor(host, { explicit, env: process.env, homeDir: os.homedir() });
    const tagging = reference === image.reference ? '' : `It is tagged ${reference} first. `;
    const question = `Push ${reference} (${model.name} v${model.version}) to the registry ${host}?`;
    const detail = `${tagging}Credentials: ${auth.config ? auth.origin : 'none (an anonymous push)'}. Whatever pulls ${reference} gets this image afterwards.`;
    if (!(await confirm(question, detail, 'Push Image'))) return undefined;
    const pushed = await withCancellableProgress(`Pushing ${reference}`, async (signal, report) => {
      if (reference !== image.reference) {
        await engine.docker.getImage(image.id).tag({ repo: repositoryOf(parsed), tag: parsed.tag ?? 'latest' });
        logger.info(`Tagged ${image.id} as ${reference}`);
      }
      try {
        return await pushImage({
          engine,
          reference,
          auth,
          signal,
          onLine: (line) => logger.info(`push: ${line}`),
          onBytes: (current, total) => report(total > 0 ? `${Math.round((100 * current) / total)}% of ${(total / 1e6).toFixed(1)} MB` : ''),
        });
      } catch (error) {
        throw quietCancel(error);
      }
    });
    logger.info(`Pushed ${pushed.repoDigest}`);
    void vscode.window.showInformationMessage(`Pushed ${reference}: ${pushed.repoDigest}`);
    return pushed;
  });

  commands.register('mlops.deployments.signInRegistry', async () => {
    requireTrust('Signing in to an image registry');
    const host = await askRegistry();
    if (!host) return;
    const username = await vscode.window.showInputBox({ title: `Sign in to ${host}`, prompt: 'User name', ignoreFocusOut: true });
    if (!username) return;
    const password = await vscode.window.showInputBox({ title: `Sign in to ${host}`, prompt: `Password or token of ${username}`, password: true, ignoreFocusOut: true });
    if (password === undefined) return;
    await registry.set(host, { username, password });
    void vscode.window.showInformationMessage(`Pushes to ${hostOf(host)} use ${username}'s login, kept in VS Code's secret storage.`);
  });
}

/** The id of an image named by any of its tags (or its id); an image can have many tags, the listing shows one. */
async function imageIdOf(engine: DockerEngine, reference: string): Promise<{ reference: string; id: string }> {
  try {
    return { reference, id: (await engine.docker.getImage(reference).inspect()).Id };
  } catch (error) {
    throw new UserError(`There is no image ${reference} on the Docker engine at ${engine.host.uri} (${describeError(error)}).`);
  }
}

async function chooseImage(images: ModelImage[], wanted: { reference: string; id: string } | undefined, what: string, where: string): Promise<ModelImage | undefined> {
  if (images.length === 0) throw new UserError(`There is no image of ${what} on ${where}. Build one first (Build Image on the model version).`);
  if (wanted !== undefined) {
    const found = images.find((image) => image.id === wanted.id);
    if (!found) throw new UserError(`${wanted.reference} is not an image of ${what} on ${where}: its images are ${images.map((i) => i.reference).join(', ')}.`);
    return found;
  }
  if (images.length === 1) return images[0];
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    images.map((image) => ({ label: image.reference, description: `built ${formatRelativeTime(image.createdAt, now)}`, detail: image.id, image })),
    { title: `Push which image of ${what}?` },
  );
  return picked?.image;
}

async function askedTag(name: string, version: string): Promise<string | undefined> {
  const registryHost = await askRegistry();
  return registryHost && defaultImageTag(registryHost, name, version);
}

async function askRegistry(): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Image registry',
    prompt: 'host[:port][/namespace] of the registry (set mlops.build.registry to skip this question)',
    placeHolder: '127.0.0.1:5000',
    value: buildSettings().registry,
    validateInput: (value) => (/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._/-]+)?$/i.test(value.trim()) ? undefined : 'Write it like registry.example.com or 127.0.0.1:5000/team'),
  });
  return typed?.trim() || undefined;
}

function safeParse(reference: string): ReturnType<typeof parseImageReference> | undefined {
  try {
    return parseImageReference(reference);
  } catch {
    // An untagged image (its id): it needs a tag before a push.
    return undefined;
  }
}
