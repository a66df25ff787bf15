import * as path from 'node:path';

const urlScheme = /^[a-z][a-z0-9+.-]+:\/\//i;
const windowsAbsolute = /^[a-z]:[\\/]/i;

/**
 * Resolves an output path of a DVC file against the file's folder (and its `wdir`), the way DVC
 * does. Paths are '/'-separated and workspace-relative; what lies outside stays as written.
 */
export function resolveDvcPath(declared: string, definedIn: string, wdir = '.'): { path: string; external: boolean } {
  if (urlScheme.test(declared) || windowsAbsolute.test(declared) || declared.startsWith('/')) {
    return { path: declared, external: true };
  }
  const folder = path.posix.dirname(toPosix(definedIn));
  const resolved = path.posix.normalize(path.posix.join(folder, toPosix(wdir), toPosix(declared)));
  const external = resolved === '..' || resolved.startsWith('../');
  return { path: resolved.replace(/\/$/, ''), external };
}

export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}
