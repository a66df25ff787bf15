// One connection to a Docker engine, and the check that it answers, with the message a user
// needs when it does not.
import Dockerode from 'dockerode';
import { BuildError, errnoCode } from './buildErrors';
import { type DockerHost, resolveDockerHost } from '../deploy/docker/dockerHost';

export interface DockerEngine {
  docker: Dockerode;
  host: DockerHost;
}

export interface DockerHostInputs {
  /** the mlops.docker.host setting or a --docker-host option; empty means unset */
  setting?: string;
  env?: NodeJS.ProcessEnv;
}

/** The engine named by the setting, else DOCKER_HOST, else the default socket (the deploy target's rules). */
export function connectDockerEngine(inputs: DockerHostInputs = {}): DockerEngine {
  const host = resolveDockerHost(inputs.setting, inputs.env ?? process.env);
  return { docker: new Dockerode(host.options), host };
}

const PING_TIMEOUT_MS = 10_000;

// dockerode 4 takes an abortSignal here; its type declarations do not say so.
type PingWithOptions = (options: { abortSignal?: AbortSignal }) => Promise<unknown>;

/** Resolves when the engine answers /_ping; throws ENGINE_UNREACHABLE (or CANCELLED) otherwise. */
export async function ensureEngineAnswers(engine: DockerEngine, signal?: AbortSignal, timeoutMs = PING_TIMEOUT_MS): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    await (engine.docker.ping as unknown as PingWithOptions).call(engine.docker, { abortSignal: combined });
  } catch (error) {
    if (signal?.aborted) throw new BuildError('CANCELLED', 'cancelled', { cause: error });
    throw engineUnreachable(engine.host.uri, timeout.aborted ? 'no answer within ' + timeoutMs / 1000 + ' s' : undefined, error);
  }
}

/** The error for a request the engine never answered (connection refused, no socket, ...). */
export function engineUnreachable(uri: string, reason: string | undefined, error: unknown): BuildError {
  const code = errnoCode(error);
  const why = reason ?? code ?? (error instanceof Error ? error.message : String(error));
  const hint =
    code === 'EACCES'
      ? 'let your user use the socket (e.g. add it to the docker group) or set DOCKER_HOST'
      : 'start Docker or set DOCKER_HOST (or the mlops.docker.host setting)';
  return new BuildError('ENGINE_UNREACHABLE', `cannot reach the Docker engine at ${uri}: ${why}; ${hint}`, { cause: error });
}

/** True for errors that mean the engine could not be reached at all. */
export function isConnectionError(error: unknown): boolean {
  const code = errnoCode(error);
  return code !== undefined && ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code);
}
