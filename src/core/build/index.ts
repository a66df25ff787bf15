// Contract of the image builder. The deploy code and the CLI build through buildModelImage.
import type { RestCredentials } from '../tracking/rest/credentials';
import type { TrackingStore } from '../tracking/types';
import type { DockerEngine } from './dockerEngine';
import type { PipSettings } from './hostPipSettings';
import type { RegistryCredentials } from './registryCredentials';

export interface ModelRef {
  name: string;
  /** exactly one of version and alias */
  version?: string;
  alias?: string;
}

export interface BuildRequest {
  model: ModelRef;
  /** image reference to tag, e.g. 127.0.0.1:5000/iris-classifier:3; default `<registry>/<model>:<version>` */
  tag?: string;
  /** registry host[:port][/namespace] of the default tag; without one the default tag is `<model>:<version>` */
  registry?: string;
  /** a Dockerfile in the workspace to use instead of the generated serving context */
  dockerfile?: string;
  /** the build context of `dockerfile`; its folder by default (its .dockerignore applies) */
  contextDir?: string;
  push?: boolean;
  /** FROM of the generated Dockerfile (mlops.build.baseImage); default python:<model's major.minor>-slim */
  baseImage?: string;
  /** the port the server listens on (MLOPS_SERVING_PORT in the image overrides it); default 8080 */
  port?: number;
  /** build without the engine's cache */
  noCache?: boolean;
}

export interface BuiltImage {
  /** the tag given or chosen */
  reference: string;
  /** sha256:… image id */
  imageId: string;
  /** repo@sha256:… after a push, else null */
  repoDigest: string | null;
  model: { name: string; version: string; runId: string | null };
  /** the port the serving image listens on */
  port: number;
  /** the labels set on the image (IMAGE_LABELS) */
  labels: Record<string, string>;
}

export type BuildPhase = 'check' | 'resolve' | 'download' | 'context' | 'build' | 'push';

export interface BuildProgress {
  phase: BuildPhase;
  message: string;
  /** how far the phase is, 0..1, when the engine says (build steps, pushed bytes) */
  fraction?: number;
}

/** What a build runs against; passed in by the extension or the CLI. */
export interface BuildServices {
  store: TrackingStore;
  engine: DockerEngine;
  /** MLFLOW_* settings for artifact downloads, pip settings, DOCKER_CONFIG; process.env when left out */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** a tracking server's credentials from SecretStorage, for artifact downloads */
  trackingCredentials?: RestCredentials;
  /** registry login from SecretStorage; else ~/.docker/config.json */
  registryCredentials?: RegistryCredentials;
  /** where relative artifact locations resolve; the local store's folder when left out */
  artifactBaseDir?: string;
  /** the package index settings pip uses in the build; this machine's (pip.conf, PIP_*) when left out */
  pip?: PipSettings;
  /** a build or push is given up when the engine sends nothing for this long; default 15 min */
  inactivityTimeoutMs?: number;
  onProgress?: (progress: BuildProgress) => void;
  /** every line of output (engine, downloads), for the log */
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}


export { buildModelImage } from './modelImageBuilder';
export { parseModelUri } from './modelVersionLookup';
export { IMAGE_LABELS, imageLabels } from './imageLabels';
export { BuildError, type BuildErrorCode } from './buildErrors';
export { connectDockerEngine, ensureEngineAnswers, type DockerEngine, type DockerHostInputs } from './dockerEngine';
export { resolveDockerHost, type DockerHost } from '../deploy/docker/dockerHost';
export { pushImage } from './imagePush';
export { registryAuthFor, type RegistryCredentials } from './registryCredentials';
export { PORT_VARIABLE } from './servingDockerfile';
