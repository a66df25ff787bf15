import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TrackingError } from './errors';

export type ResolvedTrackingUri =
  | { kind: 'sqlite'; uri: string; path: string; source: TrackingUriSource }
  | { kind: 'file'; uri: string; path: string; source: TrackingUriSource }
  | { kind: 'rest'; uri: string; source: TrackingUriSource };

/** Where the URI came from, so messages can say what to change. */
export type TrackingUriSource = 'explicit' | 'MLFLOW_TRACKING_URI' | 'default';

export interface TrackingUriInputs {
  /** `--tracking-uri` or the workspace setting; empty means unset */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  /** the directory relative paths and the defaults are resolved against */
  baseDir: string;
}

/**
 * Resolves the store the way MLflow does: the explicit URI, then MLFLOW_TRACKING_URI, then the
 * default. MLflow's default is `./mlruns` when it already holds experiments (so upgrading MLflow
 * does not strand old runs), otherwise `sqlite:///mlflow.db`.
 */
export function resolveTrackingUri(inputs: TrackingUriInputs): ResolvedTrackingUri {
  const explicit = inputs.explicit?.trim();
  if (explicit) return parseTrackingUri(explicit, inputs.baseDir, 'explicit');
  const fromEnv = (inputs.env ?? process.env).MLFLOW_TRACKING_URI?.trim();
  if (fromEnv) return parseTrackingUri(fromEnv, inputs.baseDir, 'MLFLOW_TRACKING_URI');
  const mlruns = path.join(inputs.baseDir, 'mlruns');
  if (holdsExperiments(mlruns)) {
    return { kind: 'file', uri: pathToFileURL(mlruns).href, path: mlruns, source: 'default' };
  }
  const db = path.join(inputs.baseDir, 'mlflow.db');
  return { kind: 'sqlite', uri: `sqlite:///${db}`, path: db, source: 'default' };
}

export function parseTrackingUri(
  raw: string,
  baseDir: string,
  source: TrackingUriSource = 'explicit',
): ResolvedTrackingUri {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new TrackingError(raw, 'not a valid URL', 'INVALID_ARGUMENT');
    }
    return { kind: 'rest', uri: url.href.replace(/\/$/, ''), source };
  }
  if (scheme === 'sqlite') {
    // SQLAlchemy's form: sqlite:///relative.db and sqlite:////absolute.db
    const match = /^sqlite:\/\/\/([^?#]*)/i.exec(raw);
    if (!match || match[1] === '') {
      throw new TrackingError(raw, 'a sqlite URI looks like sqlite:///mlflow.db or sqlite:////abs/path/mlflow.db', 'INVALID_ARGUMENT');
    }
    const dbPath = path.resolve(baseDir, decodeURIComponent(match[1]));
    return { kind: 'sqlite', uri: `sqlite:///${dbPath}`, path: dbPath, source };
  }
  if (scheme === 'file') {
    let dir: string;
    try {
      dir = fileURLToPath(raw);
    } catch {
      dir = path.resolve(baseDir, decodeURIComponent(raw.slice('file:'.length)));
    }
    return { kind: 'file', uri: pathToFileURL(dir).href, path: dir, source };
  }
  if (scheme && scheme.length > 1) {
    throw new TrackingError(raw, unsupportedSchemeReason(scheme), 'INVALID_ARGUMENT');
  }
  const dir = path.resolve(baseDir, raw);
  return { kind: 'file', uri: pathToFileURL(dir).href, path: dir, source };
}

function unsupportedSchemeReason(scheme: string): string {
  if (['postgresql', 'postgres', 'mysql', 'mssql'].some((s) => scheme.startsWith(s))) {
    return `${scheme} databases are read through their tracking server: run \`mlflow server --backend-store-uri ...\` and use its http:// URI`;
  }
  if (scheme.startsWith('databricks')) return 'Databricks workspaces are not supported yet; use an http(s) tracking server URI';
  return `unsupported tracking URI scheme "${scheme}": use sqlite:///path/mlflow.db, file:///path/mlruns, a path, or http(s)://server`;
}

// Same test as MLflow's _has_existing_mlruns_data: a numeric folder holding meta.yaml.
function holdsExperiments(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => e.isDirectory() && /^\d+$/.test(e.name) && fs.existsSync(path.join(dir, e.name, 'meta.yaml')));
}

/** The URI without credentials, for messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1');
}
