// Pushes a tagged image to its registry and returns the digest the registry stored it under.
// Refusals (401/403) and unreachable registries arrive inside the HTTP 200 stream, as errors
// in the events; they are told apart so the message says what to do.
import type Dockerode from 'dockerode';
import { BuildError, describeFailure } from './buildErrors';
import { type DockerEngine, engineUnreachable, isConnectionError } from './dockerEngine';
import { parseImageReference, repositoryOf } from './imageReference';
import { type DockerEvent, DockerStreamError, followDockerStream } from './progressStream';
import { DEFAULT_INACTIVITY_MS } from './imageBuild';
import { type RegistryAuth, credentialsHint } from './registryCredentials';

export interface PushInput {
  engine: DockerEngine;
  /** a tagged reference with a registry: 127.0.0.1:5000/iris:3 */
  reference: string;
  auth: RegistryAuth;
  signal?: AbortSignal;
  inactivityTimeoutMs?: number;
  onLine?: (line: string) => void;
  /** bytes pushed over bytes to push, summed over the layers seen so far */
  onBytes?: (current: number, total: number) => void;
}

export interface PushOutcome {
  /** repository@sha256:… */
  repoDigest: string;
  digest: string;
}

export async function pushImage(input: PushInput): Promise<PushOutcome> {
  const parsed = parseImageReference(input.reference);
  const registry = parsed.registry ?? 'docker.io';
  const repository = repositoryOf(parsed);
  const options: Dockerode.ImagePushOptions = {
    tag: parsed.tag ?? 'latest',
    // An empty login still goes in the header: the engine rejects a push without one.
    authconfig: input.auth.config ?? {},
    abortSignal: input.signal,
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await input.engine.docker.getImage(repository).push(options);
  } catch (error) {
    if (input.signal?.aborted) throw new BuildError('CANCELLED', 'the push was cancelled', { cause: error });
    if (isConnectionError(error)) throw engineUnreachable(input.engine.host.uri, undefined, error);
    const message = (error as { json?: { message?: string } }).json?.message ?? describeFailure(error);
    throw new BuildError('PUSH_FAILED', `the Docker engine could not push ${input.reference}: ${message.trim()}`, { cause: error });
  }
  const layers = new Map<string, { current: number; total: number }>();
  let digest: string | null = null;
  const onEvent = (event: DockerEvent) => {
    digest = event.aux?.Digest ?? /digest: (sha256:[a-f0-9]{64})/.exec(event.status ?? '')?.[1] ?? digest;
    const detail = event.progressDetail;
    if (event.id && detail?.total) {
      layers.set(event.id, { current: detail.current ?? 0, total: detail.total });
      const sum = [...layers.values()].reduce((acc, l) => ({ current: acc.current + l.current, total: acc.total + l.total }), { current: 0, total: 0 });
      input.onBytes?.(sum.current, sum.total);
    }
  };
  try {
    await followDockerStream(stream, {
      what: `the push of ${input.reference}`,
      signal: input.signal,
      inactivityTimeoutMs: input.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_MS,
      onLine: input.onLine,
      onEvent,
    });
  } catch (error) {
    throw pushError(error, input, registry);
  }
  if (digest === null) throw new BuildError('PUSH_FAILED', `the push of ${input.reference} ended without a digest from ${registry}`);
  return { repoDigest: `${repository}@${digest}`, digest };
}

function pushError(error: unknown, input: PushInput, registry: string): BuildError {
  if (error instanceof BuildError) return error;
  if (!(error instanceof DockerStreamError)) {
    if (isConnectionError(error)) return engineUnreachable(input.engine.host.uri, undefined, error);
    return new BuildError('PUSH_FAILED', `the push of ${input.reference} failed: ${describeFailure(error)}`, { cause: error });
  }
  const detail = error.detail;
  if (/unauthori[sz]ed|authentication required|no basic auth credentials|denied|forbidden|\b40[13]\b/i.test(detail)) {
    return new BuildError('PUSH_DENIED', `the registry ${registry} refused the push of ${input.reference} (${detail}); ${credentialsHint(input.auth, registry)}`, { cause: error });
  }
  if (/server gave HTTP response to HTTPS client/i.test(detail)) {
    return new BuildError(
      'REGISTRY_UNREACHABLE',
      `the registry ${registry} speaks plain HTTP (${detail}); list it in the engine's insecure-registries (daemon.json) or serve it over TLS`,
      { cause: error },
    );
  }
  if (/connection refused|no such host|dial tcp|i\/o timeout|no route to host|connection reset|EOF|TLS handshake/i.test(detail)) {
    return new BuildError('REGISTRY_UNREACHABLE', `cannot reach the registry ${registry} to push ${input.reference}: ${detail}; check that it runs and that the engine can reach that address`, { cause: error });
  }
  return new BuildError('PUSH_FAILED', `the push of ${input.reference} to ${registry} failed: ${detail}`, { cause: error });
}
