// Reads a folder through a tracking server's artifact proxy (/api/2.0/mlflow-artifacts/artifacts:
// list with ?path=, get by path), with the same settings, TLS and credentials as the REST store.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TrackingError } from '../tracking/errors';
import { type ClientSettings, readClientSettings } from '../tracking/rest/clientSettings';
import { type Authorization, type RestCredentials, defaultHomeDir, resolveAuthorization } from '../tracking/rest/credentials';
import { RestClient } from '../tracking/rest/restClient';
import { type TransportAgents, createAgents, destroyAgents } from '../tracking/rest/transportAgents';
import { BuildError, describeFailure } from './buildErrors';
import { DownloadStatusError, downloadToFile } from './fileDownload';

export interface ServerAccess {
  /** the tracking server's URI: MLFLOW_* settings and credentials are read for it */
  trackingUri: string;
  env: NodeJS.ProcessEnv;
  /** from the editor's secret storage; replace the environment's when set */
  credentials?: RestCredentials;
  homeDir?: string;
}

export interface ServerFolder {
  /** the proxy root, …/api/2.0/mlflow-artifacts/artifacts */
  url: string;
  path: string;
}

interface ListedFile {
  path: string;
  is_dir?: boolean;
  file_size?: string | number;
}

const PARALLEL_DOWNLOADS = 4;

export class ServerArtifacts {
  private readonly settings: ClientSettings;
  private readonly agents: TransportAgents;
  private readonly authorization: () => Authorization;

  constructor(access: ServerAccess) {
    this.settings = readClientSettings(access.trackingUri, access.env);
    this.agents = createAgents(access.trackingUri, this.settings.tls);
    const homeDir = access.homeDir ?? defaultHomeDir(access.env);
    this.authorization = () => resolveAuthorization({ explicit: access.credentials, env: access.env, homeDir });
  }

  /** The names directly in the folder (folders end with /); empty when it does not exist. */
  async list(folder: ServerFolder, signal?: AbortSignal): Promise<ListedFile[]> {
    const client = new RestClient({ baseUrl: folder.url, displayUri: folder.url }, this.settings, this.authorization);
    let files: ListedFile[];
    try {
      const answer = await client.call({ method: 'GET', endpoint: '', query: { path: folder.path } }, signal);
      files = Array.isArray(answer.files) ? (answer.files as ListedFile[]) : [];
    } catch (error) {
      if (error instanceof TrackingError && error.code === 'CANCELLED') throw new BuildError('CANCELLED', 'cancelled', { cause: error });
      throw new BuildError('MODEL_UNAVAILABLE', `cannot list the model's files at ${folder.url}?path=${folder.path}: ${describeFailure(error)}`, { cause: error });
    } finally {
      client.close();
    }
    for (const file of files) checkName(folder, file.path);
    return files;
  }

  /** Copies the folder's whole tree into `dest`; returns the number of files and bytes. */
  async download(folder: ServerFolder, dest: string, signal?: AbortSignal, onFile?: (name: string) => void): Promise<{ files: number; bytes: number }> {
    const queue: string[] = [];
    await this.collect(folder, '', queue, signal);
    let bytes = 0;
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const relative = queue[next++];
        const target = path.join(dest, ...relative.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        bytes += await this.downloadFile(folder, relative, target, signal);
        onFile?.(relative);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
    return { files: queue.length, bytes };
  }

  close(): void {
    destroyAgents(this.agents);
  }

  private async collect(folder: ServerFolder, relative: string, into: string[], signal?: AbortSignal): Promise<void> {
    const listed = await this.list({ url: folder.url, path: join(folder.path, relative) }, signal);
    for (const file of listed) {
      const child = join(relative, file.path);
      if (file.is_dir) await this.collect(folder, child, into, signal);
      else into.push(child);
    }
  }

  private async downloadFile(folder: ServerFolder, relative: string, target: string, signal?: AbortSignal): Promise<number> {
    const encoded = join(folder.path, relative).split('/').map(encodeURIComponent).join('/');
    const url = new URL(`${folder.url}/${encoded}`);
    const headers: Record<string, string> = { 'User-Agent': 'mlops-studio' };
    const auth = this.authorization().header;
    if (auth !== null) headers.Authorization = auth;
    try {
      return await downloadToFile({ url, headers, agents: this.agents, timeoutMs: this.settings.timeoutMs, signal }, target);
    } catch (error) {
      if (signal?.aborted) throw new BuildError('CANCELLED', 'cancelled', { cause: error });
      const why = error instanceof DownloadStatusError ? statusReason(error) : describeFailure(error);
      throw new BuildError('MODEL_UNAVAILABLE', `cannot download ${url.href}: ${why}`, { cause: error });
    }
  }
}

function statusReason(error: DownloadStatusError): string {
  if (error.status === 401) return `${error.message}; sign in to the tracking server (MLFLOW_TRACKING_USERNAME/PASSWORD or a token)`;
  if (error.status === 403) return `${error.message}; your account may not read this model's artifacts`;
  return error.message;
}

// The server answers base names; anything else could write outside the download folder.
function checkName(folder: ServerFolder, name: string): void {
  if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[\\/]/.test(name)) {
    throw new BuildError('MODEL_UNAVAILABLE', `the artifact proxy at ${folder.url} listed an unsafe name ${JSON.stringify(name)} under ${folder.path}`);
  }
}

function join(a: string, b: string): string {
  return [a, b].filter((part) => part !== '').join('/');
}
