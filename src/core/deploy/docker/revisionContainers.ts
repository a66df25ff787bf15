import type Docker from 'dockerode';
import { DeployError } from '../deployError';
import type { LogLine, ModelIdentity } from '../deploymentTarget';
import { dockerCall } from './dockerCall';
import type { DockerHost } from './dockerHost';
import { decodeLogBuffer } from './logFrames';
import type { RevisionContainer } from './revisionHistory';
import { LABELS, type RevisionRecord, containerName, imageModel, parseRevisionLabels, revisionLabels } from './revisionLabels';

/** The environment variable that tells a scoring image which port to listen on (host networking: the port is the process's). */
export const PORT_ENV = 'PORT';
export const DEFAULT_SERVING_PORT = 8080;
const STOP_GRACE_SECONDS = 10;

export interface ResolvedImage {
  /** sha256:… */
  id: string;
  model: ModelIdentity | null;
  /** the first port the image exposes, if any */
  exposedPort: number | undefined;
}

export interface ContainerState {
  running: boolean;
  exitCode: number;
  /** the engine's own reason when it could not start the process */
  error: string;
}

/** The engine operations on our containers, each cancellable and bounded in time. */
export class RevisionContainers {
  constructor(
    readonly docker: Docker,
    readonly host: DockerHost,
  ) {}

  async list(signal: AbortSignal, deployment?: string): Promise<RevisionContainer[]> {
    const label = deployment === undefined ? LABELS.deployment : `${LABELS.deployment}=${deployment}`;
    const listed = await dockerCall(this.host, 'list containers', signal, (s) => this.docker.listContainers({ all: true, filters: { label: [label] }, abortSignal: s }));
    return listed.flatMap((info) => {
      const record = parseRevisionLabels(info.Labels);
      return record ? [{ id: info.Id, name: (info.Names[0] ?? '').replace(/^\//, ''), running: info.State === 'running', record }] : [];
    });
  }

  async resolveImage(reference: string, signal: AbortSignal, what = `image ${reference}`): Promise<ResolvedImage> {
    try {
      const info = await dockerCall(this.host, `inspect ${what}`, signal, () => this.docker.getImage(reference).inspect());
      const exposed = Object.keys(info.Config?.ExposedPorts ?? {})
        .map((key) => Number.parseInt(key, 10))
        .find((port) => Number.isInteger(port));
      return { id: info.Id, model: imageModel(info.Config?.Labels), exposedPort: exposed };
    } catch (error) {
      if (error instanceof DeployError && error.code === 'NOT_FOUND') {
        throw new DeployError('IMAGE_NOT_FOUND', `There is no ${what} on the Docker engine at ${this.host.uri}. Build it first (MLOps: Build Image, or mlops build), or pull or load it into this engine.`, { cause: error });
      }
      throw error;
    }
  }

  /** Creates (not starts) the container for `record`, on the host network, listening on `record.port`. */
  async create(record: RevisionRecord, imageId: string, signal: AbortSignal): Promise<RevisionContainer> {
    const name = containerName(record.deployment, record.revision, record.role);
    try {
      const container = await dockerCall(this.host, `create container ${name}`, signal, (s) =>
        this.docker.createContainer({
          name,
          Image: imageId,
          Env: [`${PORT_ENV}=${record.port}`],
          Labels: revisionLabels(record),
          HostConfig: {
            // Host networking: the port is reachable on the engine's host without a bridge or
            // published ports (which machines with `--bridge=none` do not have).
            NetworkMode: 'host',
            // No restarts until it proved healthy (see keepRunning): a crash must show as an exit, not as a loop.
            RestartPolicy: { Name: 'no' },
            LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
          },
          abortSignal: s,
        }),
      );
      return { id: container.id, name, running: false, record };
    } catch (error) {
      if (error instanceof DeployError && error.code === 'CONFLICT') {
        throw new DeployError('CONFLICT', `Revision ${record.revision} of '${record.deployment}' is being deployed already (container ${name} exists). Wait for that rollout to finish, or remove the container.`, { cause: error });
      }
      throw error;
    }
  }

  async start(container: RevisionContainer, signal: AbortSignal): Promise<void> {
    await dockerCall(this.host, `start container ${container.name}`, signal, (s) => this.docker.getContainer(container.id).start({ abortSignal: s }));
  }

  /** Stops gracefully (SIGTERM, then SIGKILL after the grace period); a stopped container is fine. */
  async stop(container: RevisionContainer, signal: AbortSignal): Promise<void> {
    try {
      await dockerCall(this.host, `stop container ${container.name}`, signal, (s) => this.docker.getContainer(container.id).stop({ t: STOP_GRACE_SECONDS, abortSignal: s }), (STOP_GRACE_SECONDS + 30) * 1000);
    } catch (error) {
      if (!isStatus(error, 304)) throw error;
    }
  }

  /** From now on the current revision comes back with the engine; a stopped one (an old revision) stays stopped. */
  async keepRunning(container: RevisionContainer, signal: AbortSignal): Promise<void> {
    await dockerCall(this.host, `set the restart policy of ${container.name}`, signal, (s) =>
      this.docker.getContainer(container.id).update({ RestartPolicy: { Name: 'unless-stopped' }, abortSignal: s }),
    );
  }

  /** Ends a candidate at once: nothing but our probes ever talked to it, so there is nothing to drain. */
  async kill(container: RevisionContainer, signal: AbortSignal): Promise<void> {
    try {
      await dockerCall(this.host, `kill container ${container.name}`, signal, (s) => this.docker.getContainer(container.id).kill({ signal: 'SIGKILL', abortSignal: s }));
    } catch (error) {
      // 409: it is not running (any more).
      if (!(error instanceof DeployError && error.code === 'CONFLICT')) throw error;
    }
  }

  async remove(container: RevisionContainer, signal: AbortSignal): Promise<void> {
    try {
      await dockerCall(this.host, `remove container ${container.name}`, signal, (s) => this.docker.getContainer(container.id).remove({ force: true, abortSignal: s }));
    } catch (error) {
      if (!(error instanceof DeployError && error.code === 'NOT_FOUND')) throw error;
    }
  }

  async state(container: RevisionContainer, signal: AbortSignal): Promise<ContainerState> {
    const info = await dockerCall(this.host, `inspect container ${container.name}`, signal, (s) => this.docker.getContainer(container.id).inspect({ abortSignal: s }));
    return { running: info.State.Running && !info.State.Restarting, exitCode: info.State.ExitCode, error: info.State.Error };
  }

  /** The last `count` lines the container wrote, stdout and stderr interleaved as the engine kept them. */
  async lastLines(container: RevisionContainer, count: number, signal: AbortSignal): Promise<string[]> {
    const raw = await dockerCall(this.host, `read the log of ${container.name}`, signal, (s) =>
      this.docker.getContainer(container.id).logs({ stdout: true, stderr: true, follow: false, tail: count, abortSignal: s }),
    );
    return decodeLogBuffer(toBuffer(raw)).map((line: LogLine) => line.text);
  }
}

function toBuffer(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  return Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw ?? ''));
}

function isStatus(error: unknown, status: number): boolean {
  const cause = error instanceof DeployError ? error.cause : error;
  return (cause as { statusCode?: number } | undefined)?.statusCode === status;
}
