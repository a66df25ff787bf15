// Runs one build on the engine from a packed context and waits for its image, reporting steps
// and output as they come. Intermediate containers are removed even when a step fails, and a
// cancelled build is ended by dropping the request (the engine stops the running step).
import type Dockerode from 'dockerode';
import { BuildError, describeFailure } from './buildErrors';
import { type ContextEntry, packContext } from './contextTar';
import { type DockerEngine, engineUnreachable, isConnectionError } from './dockerEngine';
import { type DockerEvent, DockerStreamError, followDockerStream } from './progressStream';

export interface ImageBuildInput {
  engine: DockerEngine;
  context: ContextEntry[];
  /** the Dockerfile's path inside the context */
  dockerfile: string;
  tag: string;
  labels: Record<string, string>;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
  /** X-Registry-Config: logins for pulling the base image, by registry host */
  registryConfig?: Dockerode.RegistryConfig;
  signal?: AbortSignal;
  inactivityTimeoutMs?: number;
  onLine?: (line: string) => void;
  onStep?: (step: { index: number; total: number; instruction: string }) => void;
}

export interface BuildOutcome {
  imageId: string;
  contextBytes: number;
}

export const DEFAULT_INACTIVITY_MS = 15 * 60_000;

export async function buildImage(input: ImageBuildInput): Promise<BuildOutcome> {
  const requestAbort = new AbortController();
  const onAbort = () => requestAbort.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const packed = packContext(input.context, requestAbort.signal);
  let lastStep = '';
  let imageId: string | null = null;
  try {
    if (input.signal?.aborted) throw new BuildError('CANCELLED', 'the build was cancelled');
    const options: Dockerode.ImageBuildOptions = {
      t: input.tag,
      dockerfile: input.dockerfile,
      labels: input.labels,
      buildargs: input.buildArgs,
      nocache: input.noCache ?? false,
      // pip in RUN steps reaches the index through the host's network, as a developer's shell would.
      networkmode: 'host',
      rm: true,
      forcerm: true,
      abortSignal: requestAbort.signal,
      ...(input.registryConfig ? { registryconfig: input.registryConfig } : {}),
    };
    let stream: NodeJS.ReadableStream;
    try {
      stream = await input.engine.docker.buildImage(packed.stream, options);
    } catch (error) {
      const packingError = await packed.done.then(() => null, (e: unknown) => e);
      throw requestError(input, packingError ?? error);
    }
    await followDockerStream(stream, {
      what: `the build of ${input.tag}`,
      signal: input.signal,
      inactivityTimeoutMs: input.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_MS,
      onLine: input.onLine,
      onEvent: (event: DockerEvent) => {
        if (event.aux?.ID) imageId = event.aux.ID;
        const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(event.stream?.trim() ?? '');
        if (step) {
          lastStep = step[3];
          input.onStep?.({ index: Number(step[1]), total: Number(step[2]), instruction: step[3] });
        }
      },
    }).catch((error: unknown) => {
      throw streamError(input, error, lastStep);
    });
    const { bytes } = await packed.done;
    // The engine names the image in an aux event; older engines do not, and are asked.
    return { imageId: imageId ?? (await input.engine.docker.getImage(input.tag).inspect()).Id, contextBytes: bytes };
  } catch (error) {
    requestAbort.abort();
    throw error;
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
  }
}

function requestError(input: ImageBuildInput, error: unknown): BuildError {
  if (error instanceof BuildError) return error;
  if (input.signal?.aborted) return new BuildError('CANCELLED', 'the build was cancelled', { cause: error });
  if (isConnectionError(error)) return engineUnreachable(input.engine.host.uri, undefined, error);
  // The engine refused the request itself (HTTP 4xx/5xx): a Dockerfile it cannot parse or find.
  const json = (error as { json?: { message?: string } }).json;
  const message = json?.message ?? describeFailure(error);
  return new BuildError('BUILD_FAILED', `the Docker engine refused to build ${input.tag}: ${message.trim()}`, { cause: error });
}

function streamError(input: ImageBuildInput, error: unknown, lastStep: string): BuildError {
  if (error instanceof BuildError) return error;
  if (!(error instanceof DockerStreamError)) {
    if (isConnectionError(error)) return engineUnreachable(input.engine.host.uri, undefined, error);
    return new BuildError('BUILD_FAILED', `the build of ${input.tag} failed: ${describeFailure(error)}`, { cause: error });
  }
  const output = relevantOutput(error.tail);
  const hint = /^FROM\b/i.test(lastStep) ? `\nthe base image (${lastStep.replace(/^FROM\s+/i, '')}) is not in the engine and could not be pulled; set mlops.build.baseImage to an image it has or can pull` : '';
  return new BuildError(
    'BUILD_FAILED',
    `the build of ${input.tag} failed${lastStep ? ` at ${lastStep}` : ''}: ${error.detail}${output ? `\n${output}` : ''}${hint}`,
    { cause: error },
  );
}

/** The output lines that explain a failed step: pip's and the shell's ERROR lines, else the last few. */
export function relevantOutput(tail: string[]): string {
  const lines = tail.map((l) => l.trimEnd()).filter((l) => l.trim() !== '' && !/^( ---> |Removing intermediate container|Step \d+\/\d+ : )/.test(l));
  const errors = lines.filter((l) => /^\s*(ERROR|error|E:|fatal)[: ]/.test(l));
  return (errors.length > 0 ? errors : lines.slice(-8)).join('\n');
}
