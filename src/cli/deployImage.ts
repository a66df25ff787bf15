import { type BuildProgress, buildModelImage, connectDockerEngine } from '../core/build';
import { DeployError } from '../core/deploy/deployError';
import type { DeploymentTarget, ModelIdentity } from '../core/deploy/deploymentTarget';
import { DockerTarget } from '../core/deploy/docker/dockerTarget';
import { openTrackingStore } from '../core/tracking/openTrackingStore';
import { resolveTrackingUri } from '../core/tracking/trackingUri';
import type { TrackingStore } from '../core/tracking/types';
import type { CliIo } from './context';

export interface ImageOptions {
  model: string;
  version?: string;
  alias?: string;
  image?: string;
  trackingUri?: string;
  registry?: string;
  baseImage?: string;
  dockerHost?: string;
  verbose?: boolean;
}

/**
 * The image `mlops deploy` runs and the model version it serves: --image as given, else the newest
 * image on the engine labelled with the version, else one built now. The tracking store is opened
 * only when it is needed (an alias to resolve, a build).
 */
export async function imageToDeploy(target: DeploymentTarget, options: ImageOptions, io: CliIo): Promise<{ image: string; model: ModelIdentity }> {
  let store: TrackingStore | undefined;
  const openStore = () => (store ??= openTrackingStore(resolveTrackingUri({ explicit: options.trackingUri, env: io.env, baseDir: io.cwd }), { env: io.env }));
  try {
    const model = options.alias !== undefined ? await versionOfAlias(openStore(), options.model, options.alias, io.signal) : { name: options.model, version: options.version as string, runId: null };
    if (options.image) return { image: options.image, model };
    if (!(target instanceof DockerTarget)) {
      throw new DeployError('INVALID_ARGUMENT', `--target ${target.kind} pulls its image from a registry: give --image, e.g. one pushed with mlops build --model ${options.model} --push.`);
    }
    const images = target instanceof DockerTarget ? await target.modelImages(model, { signal: io.signal }) : [];
    if (images.length > 0) {
      const others = images.length > 1 ? ` (the newest of ${images.length})` : '';
      io.stderr(`mlops: deploying ${images[0].reference}${others}, labelled as ${model.name} version ${model.version}\n`);
      return { image: images[0].reference, model };
    }
    io.stderr(`mlops: no image on the engine is labelled as ${model.name} version ${model.version}: building one\n`);
    const built = await buildModelImage(
      {
        model: { name: model.name, version: model.version },
        registry: options.registry ?? (io.env.MLOPS_BUILD_REGISTRY || undefined),
        baseImage: options.baseImage ?? (io.env.MLOPS_BUILD_BASE_IMAGE || undefined),
      },
      {
        store: openStore(),
        engine: connectDockerEngine({ setting: options.dockerHost, env: io.env }),
        env: io.env,
        signal: io.signal,
        onProgress: (progress: BuildProgress) => io.stderr(`mlops: ${progress.message}\n`),
        onLog: options.verbose ? (line) => io.stderr(`  ${line}\n`) : undefined,
      },
    );
    io.stderr(`mlops: built ${built.reference} (${built.imageId})\n`);
    return { image: built.reference, model: { name: built.model.name, version: built.model.version, runId: built.model.runId } };
  } finally {
    (store as TrackingStore | undefined)?.close();
  }
}

async function versionOfAlias(store: TrackingStore, name: string, alias: string, signal: AbortSignal): Promise<ModelIdentity> {
  const wanted = alias.replace(/^@/, '');
  const { items } = await store.listRegisteredModels(signal);
  const model = items.find((m) => m.name === name);
  if (!model) throw new DeployError('NOT_FOUND', `${store.uri} has no registered model named "${name}"; run \`mlops models list\` to see the names.`);
  const version = model.aliases[wanted];
  if (version === undefined) {
    const known = Object.keys(model.aliases).map((a) => `@${a}`).join(', ') || 'none';
    throw new DeployError('NOT_FOUND', `model "${name}" has no alias @${wanted} (its aliases: ${known}).`);
  }
  const runId = model.versions.find((v) => v.version === version)?.run_id ?? null;
  return { name, version, runId };
}
