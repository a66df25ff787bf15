import * as path from 'node:path';

/**
 * The locations an MLflow dataset `source` names. MLflow stores each source type as a JSON
 * object (`{"uri": ...}` for files and object stores, `{"url": ...}` for HTTP, `{"path": ...}`
 * for Delta and Hugging Face); anything else is taken as a location itself.
 */
export function datasetSourceLocations(source: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    return source.trim() ? [source.trim()] : [];
  }
  if (typeof parsed === 'string') return [parsed];
  if (typeof parsed !== 'object' || parsed === null) return [];
  const record = parsed as Record<string, unknown>;
  return ['uri', 'url', 'path'].map((key) => record[key]).filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/**
 * A location as a workspace-relative '/' path when it is a local file inside the workspace,
 * otherwise as written (without a trailing '/').
 */
export function normalizeLocation(location: string, workspaceRoot?: string): string {
  let local = location;
  if (/^file:\/\//i.test(local)) local = decodeURIComponent(local.replace(/^file:\/\/(localhost)?/i, ''));
  else if (/^file:/i.test(local)) local = local.slice('file:'.length);
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(local)) return local.replace(/\/+$/, '');
  if (path.isAbsolute(local) && workspaceRoot !== undefined) {
    const relative = path.relative(workspaceRoot, local);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) local = relative;
  }
  const posix = local.split(path.sep).join('/').replace(/\\/g, '/');
  return path.posix.normalize(posix).replace(/\/+$/, '') || '.';
}

/** The location is the output itself or, for a directory output, a file inside it. */
export function locationWithin(location: string, outputPath: string): boolean {
  const output = outputPath.replace(/\/+$/, '');
  return location === output || location.startsWith(`${output}/`);
}
