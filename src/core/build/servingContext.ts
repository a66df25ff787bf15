// The build context of a serving image: the generated one (Dockerfile, requirements, server,
// model), or the workspace's own Dockerfile and folder with the model and server added under
// .mlops/, so that a custom Dockerfile can COPY them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError } from './buildErrors';
import type { ContextEntry } from './contextTar';
import type { PipSettings } from './hostPipSettings';
import type { MlflowModelInfo } from './mlflowModel';
import { CONTEXT_FILES, PORT_VARIABLE, servingDockerfile } from './servingDockerfile';
import { servingRequirements } from './servingRequirements';
import { SERVING_SERVER_SOURCE } from './servingServer';

export interface ServingContextInputs {
  modelDir: string;
  info: MlflowModelInfo;
  model: { name: string; version: string; runId: string | null };
  baseImage: string;
  port: number;
  pip: PipSettings;
  /** a workspace Dockerfile to build instead of the generated one */
  dockerfile?: string;
  /** its context folder; the Dockerfile's folder by default */
  contextDir?: string;
}

export interface ServingContext {
  entries: ContextEntry[];
  /** the Dockerfile's path inside the context */
  dockerfile: string;
  buildArgs: Record<string, string>;
}

/** Where a workspace build finds what MLOps Studio adds to its context. */
export const WORKSPACE_EXTRAS_DIR = '.mlops';

export function servingContext(inputs: ServingContextInputs): ServingContext {
  const requirements = servingRequirements(inputs.info);
  const pipArgs = pipBuildArgs(inputs.pip);
  const caBundle = inputs.pip.caBundle ? fs.readFileSync(inputs.pip.caBundle) : null;
  const servingFiles = (prefix: string): ContextEntry[] => [
    { kind: 'file', target: `${prefix}${CONTEXT_FILES.requirements}`, content: requirements.content },
    { kind: 'file', target: `${prefix}${CONTEXT_FILES.server}`, content: SERVING_SERVER_SOURCE },
    ...(caBundle ? [{ kind: 'file' as const, target: `${prefix}${CONTEXT_FILES.pipCaBundle}`, content: caBundle }] : []),
    // The server runs as nobody: a model saved under a strict umask must still be readable.
    { kind: 'tree', source: inputs.modelDir, target: `${prefix}${CONTEXT_FILES.modelDir}`, dockerignore: false, readableByAll: true },
  ];
  if (inputs.dockerfile) return workspaceContext(inputs, servingFiles(`${WORKSPACE_EXTRAS_DIR}/`), pipArgs);
  const dockerfile = servingDockerfile({
    baseImage: inputs.baseImage,
    port: inputs.port,
    model: inputs.model,
    requirementsSelfContained: requirements.selfContained,
    pipCaBundle: caBundle !== null,
    pipBuildArgs: Object.keys(pipArgs),
  });
  return {
    entries: [{ kind: 'file', target: CONTEXT_FILES.dockerfile, content: dockerfile }, ...servingFiles('')],
    dockerfile: CONTEXT_FILES.dockerfile,
    buildArgs: { ...pipArgs, ...(inputs.pip.proxy ?? {}) },
  };
}

function workspaceContext(inputs: ServingContextInputs, extras: ContextEntry[], pipArgs: Record<string, string>): ServingContext {
  const dockerfile = path.resolve(inputs.dockerfile ?? '');
  if (!fs.existsSync(dockerfile)) throw new BuildError('INVALID_ARGUMENT', `the Dockerfile ${dockerfile} does not exist`);
  const contextDir = path.resolve(inputs.contextDir ?? path.dirname(dockerfile));
  if (!fs.statSync(contextDir, { throwIfNoEntry: false })?.isDirectory()) throw new BuildError('INVALID_ARGUMENT', `the build context ${contextDir} is not a folder`);
  const relative = path.relative(contextDir, dockerfile).split(path.sep).join('/');
  const inside = !relative.startsWith('../') && !path.isAbsolute(relative);
  // Like the docker CLI, a Dockerfile outside the context travels in it under another name.
  const dockerfileInContext = inside ? relative : `${WORKSPACE_EXTRAS_DIR}/Dockerfile`;
  const entries: ContextEntry[] = [
    { kind: 'tree', source: contextDir, target: '', dockerignore: true, alwaysSend: inside ? [relative] : [] },
    ...(inside ? [] : [{ kind: 'file' as const, target: dockerfileInContext, content: fs.readFileSync(dockerfile) }]),
    ...extras,
  ];
  // Only the arguments the Dockerfile declares: the engine warns about the others.
  const offered: Record<string, string> = {
    ...pipArgs,
    MLOPS_BASE_IMAGE: inputs.baseImage,
    MLOPS_MODEL_NAME: inputs.model.name,
    MLOPS_MODEL_VERSION: inputs.model.version,
    [PORT_VARIABLE]: String(inputs.port),
  };
  const declared = declaredArgs(fs.readFileSync(dockerfile, 'utf8'));
  const buildArgs = { ...Object.fromEntries(Object.entries(offered).filter(([name]) => declared.has(name))), ...(inputs.pip.proxy ?? {}) };
  return { entries, dockerfile: dockerfileInContext, buildArgs };
}

function pipBuildArgs(pip: PipSettings): Record<string, string> {
  const args: Record<string, string> = {};
  if (pip.indexUrl) args.PIP_INDEX_URL = pip.indexUrl;
  if (pip.extraIndexUrls.length > 0) args.PIP_EXTRA_INDEX_URL = pip.extraIndexUrls.join(' ');
  if (pip.trustedHosts.length > 0) args.PIP_TRUSTED_HOST = pip.trustedHosts.join(' ');
  return args;
}

export function declaredArgs(dockerfile: string): Set<string> {
  const names = new Set<string>();
  for (const match of dockerfile.matchAll(/^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)/gim)) names.add(match[1]);
  return names;
}
