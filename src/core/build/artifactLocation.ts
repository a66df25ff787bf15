// Where an MLflow artifact URI points: a folder on this machine, or a path served by a tracking
// server's artifact proxy (mlflow-artifacts). Resolved as MLflow's artifact repositories do.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError } from './buildErrors';

export type ArtifactLocation =
  | { kind: 'local'; path: string }
  /** `url` is the proxy's root (…/api/2.0/mlflow-artifacts/artifacts); `path` is relative to it */
  | { kind: 'server'; url: string; path: string };

export interface ArtifactContext {
  /** the tracking server's URI when the store is one, else null */
  serverUri: string | null;
  /** where relative locations resolve: MLflow resolves them against its working directory */
  baseDir: string;
}

const PROXY_ROOT = '/api/2.0/mlflow-artifacts/artifacts';

export function locateArtifacts(uri: string, context: ArtifactContext): ArtifactLocation {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (!scheme || scheme.length === 1) return { kind: 'local', path: path.resolve(context.baseDir, uri) };
  if (scheme === 'file') return { kind: 'local', path: fileUriPath(uri, context.baseDir) };
  if (scheme === 'mlflow-artifacts') return proxied(uri, context);
  if ((scheme === 'http' || scheme === 'https') && uri.includes(PROXY_ROOT)) {
    const [root, rest] = splitOnce(uri, PROXY_ROOT);
    return { kind: 'server', url: root + PROXY_ROOT, path: trimSlashes(rest) };
  }
  throw new BuildError(
    'MODEL_UNAVAILABLE',
    `the model's artifacts are at ${uri}, and ${scheme}:// artifact stores are not supported yet; ` +
      'serve them through the tracking server (mlflow server with --serve-artifacts, the default) or download the model where MLOps Studio can read it',
  );
}

export function childLocation(location: ArtifactLocation, relative: string): ArtifactLocation {
  const clean = trimSlashes(relative);
  if (clean === '') return location;
  if (location.kind === 'local') return { kind: 'local', path: path.join(location.path, ...clean.split('/')) };
  return { ...location, path: location.path === '' ? clean : `${location.path}/${clean}` };
}

export function describeLocation(location: ArtifactLocation): string {
  return location.kind === 'local' ? location.path : `${location.url}/${location.path}`;
}

function fileUriPath(uri: string, baseDir: string): string {
  if (/^file:\/\//i.test(uri)) return fileURLToPath(uri);
  return path.resolve(baseDir, decodeURIComponent(uri.slice('file:'.length)));
}

// mlflow-artifacts:/path goes to the tracking server in use; mlflow-artifacts://host:port/path
// names another server, reached with the tracking server's scheme (as MlflowArtifactsRepository does).
function proxied(uri: string, context: ArtifactContext): ArtifactLocation {
  const match = /^mlflow-artifacts:(\/\/([^/]*))?(\/.*)?$/i.exec(uri);
  const host = match?.[2];
  const artifactPath = trimSlashes(match?.[3] ?? '');
  if (!context.serverUri) {
    if (!host) {
      throw new BuildError('MODEL_UNAVAILABLE', `the model's artifacts are at ${uri}, which only a tracking server can serve; use that server's http(s):// URI as the tracking URI`);
    }
    return { kind: 'server', url: `http://${host}${PROXY_ROOT}`, path: artifactPath };
  }
  const server = new URL(context.serverUri);
  if (host) server.host = host;
  const prefix = server.pathname.replace(/\/+$/, '');
  return { kind: 'server', url: `${server.protocol}//${server.host}${prefix}${PROXY_ROOT}`, path: artifactPath };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + separator.length)];
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}
