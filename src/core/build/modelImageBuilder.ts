// Builds (and pushes) the serving image of one registered model version: resolve the version,
// get its MLflow model, make the build context, build it on the engine, push it.
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrackingStore } from '../tracking/types';
import { BuildError } from './buildErrors';
import { ensureEngineAnswers } from './dockerEngine';
import { readHostPipSettings } from './hostPipSettings';
import { buildImage } from './imageBuild';
import { imageLabels } from './imageLabels';
import { pushImage } from './imagePush';
import { defaultImageTag, parseImageReference } from './imageReference';
import type { BuildRequest, BuildServices, BuiltImage } from './index';
import { pythonMinor, readMlflowModel } from './mlflowModel';
import { fetchModelFiles } from './modelFiles';
import { modelLocations } from './modelSource';
import { checkModelRef, findModelVersion } from './modelVersionLookup';
import { registryAuthFor } from './registryCredentials';
import { servingContext } from './servingContext';

const DEFAULT_PORT = 8080;
const FALLBACK_PYTHON = '3.11';

export async function buildModelImage(request: BuildRequest, services: BuildServices): Promise<BuiltImage> {
  const env = services.env ?? process.env;
  const homeDir = services.homeDir ?? (env.HOME || os.homedir());
  const { signal } = services;
  const progress = services.onProgress ?? (() => undefined);
  const log = services.onLog ?? (() => undefined);
  checkModelRef(request.model);
  const port = request.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BuildError('INVALID_ARGUMENT', `the serving port must be a whole number from 1 to 65535, got ${port}`);
  if (request.tag) parseImageReference(request.tag);

  progress({ phase: 'check', message: `checking the Docker engine at ${services.engine.host.uri}` });
  await ensureEngineAnswers(services.engine, signal);

  const refText = request.model.alias ? `@${request.model.alias.replace(/^@/, '')}` : `version ${request.model.version}`;
  progress({ phase: 'resolve', message: `finding model "${request.model.name}" ${refText} in ${services.store.uri}` });
  const version = await findModelVersion(services.store, request.model, signal);
  const reference = request.tag ?? defaultImageTag(request.registry, version.name, version.version);
  const parsedReference = parseImageReference(reference);
  if (request.push && !parsedReference.registry) {
    throw new BuildError('INVALID_ARGUMENT', `cannot push ${reference}: it names no registry; give a registry (e.g. --registry 127.0.0.1:5000) or a tag that starts with one`);
  }

  const locations = await modelLocations(version, {
    store: services.store,
    serverUri: services.store.kind === 'rest' ? services.store.uri : null,
    baseDir: services.artifactBaseDir ?? storeFolder(services.store),
    signal,
  });
  const files = await fetchModelFiles(locations, {
    server: services.store.kind === 'rest' ? { trackingUri: services.store.uri, env, credentials: services.trackingCredentials, homeDir } : undefined,
    signal,
    onDownload: (message) => {
      log(message);
      progress({ phase: 'download', message });
    },
  });
  try {
    log(`model "${version.name}" version ${version.version}: ${files.origin}`);
    const info = readMlflowModel(files.dir);
    const runId = version.run_id ?? info.runId;
    const baseImage = request.baseImage?.trim() || `python:${pythonMinor(info.pythonVersion) ?? FALLBACK_PYTHON}-slim`;
    const model = { name: version.name, version: version.version, runId };
    progress({ phase: 'context', message: `preparing the build context (base image ${baseImage})` });
    const context = servingContext({
      modelDir: files.dir,
      info,
      model,
      baseImage,
      port,
      pip: services.pip ?? readHostPipSettings({ env, homeDir }),
      dockerfile: request.dockerfile,
      contextDir: request.contextDir,
    });
    const labels = imageLabels({ ...model, gitCommit: await gitCommitOf(services.store, runId, signal), builtAt: new Date(), port });
    const baseRegistry = parseBaseRegistry(baseImage);
    const baseLogin = baseRegistry ? registryAuthFor(baseRegistry, { explicit: undefined, env, homeDir }).config : null;

    progress({ phase: 'build', message: `building ${reference}`, fraction: 0 });
    const built = await buildImage({
      engine: services.engine,
      context: context.entries,
      dockerfile: context.dockerfile,
      tag: reference,
      labels,
      buildArgs: context.buildArgs,
      noCache: request.noCache,
      registryConfig: baseRegistry && baseLogin?.username ? { [baseRegistry]: { username: baseLogin.username, password: baseLogin.password ?? '' } } : undefined,
      signal,
      inactivityTimeoutMs: services.inactivityTimeoutMs,
      onLine: log,
      onStep: (step) => progress({ phase: 'build', message: `step ${step.index}/${step.total}: ${step.instruction}`, fraction: (step.index - 1) / step.total }),
    });
    log(`built ${reference} (${built.imageId}) from a ${(built.contextBytes / 1e6).toFixed(1)} MB context`);

    let repoDigest: string | null = null;
    if (request.push) {
      const registry = parsedReference.registry ?? 'docker.io';
      progress({ phase: 'push', message: `pushing ${reference} to ${registry}`, fraction: 0 });
      const pushed = await pushImage({
        engine: services.engine,
        reference,
        auth: registryAuthFor(registry, { explicit: services.registryCredentials, env, homeDir }),
        signal,
        inactivityTimeoutMs: services.inactivityTimeoutMs,
        onLine: log,
        onBytes: (current, total) => progress({ phase: 'push', message: `pushing ${reference}`, fraction: total > 0 ? current / total : 0 }),
      });
      repoDigest = pushed.repoDigest;
      log(`pushed ${repoDigest}`);
    }
    return { reference, imageId: built.imageId, repoDigest, model, port, labels };
  } finally {
    files.cleanup();
  }
}

/** The folder MLflow would have run in for a local store: relative artifact locations resolve there. */
function storeFolder(store: TrackingStore): string {
  if (store.kind === 'sqlite') return path.dirname(store.uri.replace(/^sqlite:\/\/\//i, ''));
  if (store.kind === 'file' && store.uri.startsWith('file:')) return path.dirname(fileURLToPath(store.uri));
  return process.cwd();
}

async function gitCommitOf(store: TrackingStore, runId: string | null, signal?: AbortSignal): Promise<string | null> {
  if (!runId) return null;
  try {
    return (await store.getRun(runId, signal)).data.tags['mlflow.source.git.commit'] ?? null;
  } catch {
    // A deleted or unreadable run only costs the label.
    return null;
  }
}

function parseBaseRegistry(baseImage: string): string | null {
  try {
    return parseImageReference(baseImage).registry;
  } catch {
    return null;
  }
}
