// A local folder holding the version's MLflow model: its own folder when the artifacts are on
// this machine, else a download from the tracking server into a temporary folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ArtifactLocation, describeLocation } from './artifactLocation';
import { BuildError } from './buildErrors';
import { type ServerAccess, ServerArtifacts } from './serverArtifacts';

export interface ModelFiles {
  dir: string;
  /** where they came from, for messages */
  origin: string;
  /** removes a downloaded copy; leaves a local model alone */
  cleanup(): void;
}

export interface FetchOptions {
  /** how to reach a tracking server's artifact proxy; needed only for server locations */
  server?: ServerAccess;
  signal?: AbortSignal;
  onDownload?: (message: string) => void;
}

export async function fetchModelFiles(candidates: ArtifactLocation[], options: FetchOptions): Promise<ModelFiles> {
  const missing: string[] = [];
  for (const location of candidates) {
    const found = location.kind === 'local' ? localModel(location.path) : await downloadedModel(location, options);
    if (found) return found;
    missing.push(describeLocation(location));
  }
  const where = missing.join(' nor at ');
  const hint = candidates.every((c) => c.kind === 'local')
    ? ' (a relative artifact location resolves against the tracking store\'s folder, as MLflow resolves it against its working directory)'
    : '';
  throw new BuildError('NOT_AN_MLFLOW_MODEL', `no MLflow model (an MLmodel file) at ${where}${hint}`);
}

function localModel(dir: string): ModelFiles | null {
  if (!fs.existsSync(path.join(dir, 'MLmodel'))) return null;
  return { dir, origin: dir, cleanup: () => undefined };
}

async function downloadedModel(location: Extract<ArtifactLocation, { kind: 'server' }>, options: FetchOptions): Promise<ModelFiles | null> {
  if (!options.server) {
    throw new BuildError('MODEL_UNAVAILABLE', `the model's files are on a tracking server (${describeLocation(location)}); open the store through that server's http(s):// URI`);
  }
  const artifacts = new ServerArtifacts(options.server);
  try {
    const listed = await artifacts.list(location, options.signal);
    if (!listed.some((f) => f.path === 'MLmodel' && !f.is_dir)) return null;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-model-'));
    const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
    try {
      options.onDownload?.(`downloading the model from ${describeLocation(location)}`);
      const done = await artifacts.download(location, dir, options.signal, (name) => options.onDownload?.(`downloaded ${name}`));
      options.onDownload?.(`downloaded ${done.files} files (${(done.bytes / 1e6).toFixed(1)} MB)`);
    } catch (error) {
      cleanup();
      throw error;
    }
    return { dir, origin: describeLocation(location), cleanup };
  } finally {
    artifacts.close();
  }
}
