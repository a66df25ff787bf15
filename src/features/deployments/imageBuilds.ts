import * as vscode from 'vscode';
import { BuildError, type BuildProgress, type BuiltImage, buildModelImage, connectDockerEngine } from '../../core/build';
import type { DockerEngine } from '../../core/build';
import { defaultImageTag } from '../../core/build/imageReference';
import type { Logger } from '../../vscode/logger';
import type { TrackingSecrets } from '../../vscode/trackingSecrets';
import type { ModelVersionNode } from '../models/modelsNodes';
import { buildSettings, dockerHostSetting } from './deploymentSettings';
import type { BuildSource } from './dockerfileChoice';

export interface ImageBuildServices {
  logger: Logger;
  trackingSecrets: TrackingSecrets;
}

/** The engine the settings name, as the builder wants it (the same one the Docker target uses). */
export function dockerEngine(): DockerEngine {
  return connectDockerEngine({ setting: dockerHostSetting(), env: process.env });
}

/** The tag a build of `node` gets with the current settings, for confirmations. */
export function plannedTag(node: ModelVersionNode): string {
  return defaultImageTag(buildSettings().registry || undefined, node.model.name, node.version.version);
}

/**
 * Builds the serving image of one model version under a cancellable progress notification; the
 * engine's whole output goes to the log. A cancelled build ends as a quiet cancellation.
 */
export async function buildWithProgress(node: ModelVersionNode, services: ImageBuildServices, source: BuildSource = { kind: 'generated' }): Promise<BuiltImage> {
  const { logger } = services;
  const title = `Building the image of ${node.model.name} v${node.version.version}`;
  const settings = buildSettings();
  const trackingCredentials = node.store.kind === 'rest' ? await services.trackingSecrets.get(node.store.uri) : undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    let reported = 0;
    const onProgress = ({ message, fraction }: BuildProgress) => {
      // withProgress adds increments; the builder reports where it is.
      const increment = fraction === undefined ? undefined : Math.max(0, fraction * 100 - reported);
      if (increment !== undefined) reported += increment;
      progress.report({ message, increment });
    };
    try {
      const from = source.kind === 'dockerfile' ? ` from ${source.dockerfile}` : '';
      logger.info(`${title}${from} on ${dockerHostSetting() || 'the default Docker engine'}`);
      const workspaceDockerfile = source.kind === 'dockerfile' ? { dockerfile: source.dockerfile, contextDir: source.contextDir } : {};
      const built = await buildModelImage(
        { model: { name: node.model.name, version: node.version.version }, registry: settings.registry || undefined, baseImage: settings.baseImage || undefined, ...workspaceDockerfile },
        { store: node.store, engine: dockerEngine(), trackingCredentials, signal: controller.signal, onProgress, onLog: (line) => logger.info(`build: ${line}`) },
      );
      logger.info(`${title}: built ${built.reference} (${built.imageId})`);
      return built;
    } catch (error) {
      throw quietCancel(error);
    } finally {
      cancel.dispose();
    }
  });
}

/** The builder's CANCELLED as the AbortError the command registry ends quietly on. */
export function quietCancel(error: unknown): unknown {
  if (!(error instanceof BuildError) || error.code !== 'CANCELLED') return error;
  const abort = new Error(error.message);
  abort.name = 'AbortError';
  return abort;
}
