// Reads `outs`/`deps` entries of .dvc and dvc.lock files. The YAML is parsed with the failsafe
// schema, so every scalar arrives as the text written: an all-digit md5 stays a string.
import type { StoreProblem } from '../tracking/types';
import { resolveDvcPath } from './dvcPaths';
import type { DvcDependency, DvcHashKind } from './dvcTypes';

export type YamlNode = string | YamlNode[] | { [key: string]: YamlNode };
export type YamlMapping = { [key: string]: YamlNode };

export interface EntryContext {
  definedIn: string;
  wdir?: string;
  stage?: string;
}

export function isMapping(node: YamlNode | undefined): node is YamlMapping {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** A scalar's text; YAML nulls (`~`, `null`, nothing) read as absent. */
export function scalar(node: YamlNode | undefined): string | undefined {
  if (typeof node !== 'string') return undefined;
  if (node === '' || node === '~' || node === 'null' || node === 'Null' || node === 'NULL') return undefined;
  return node;
}

/** Reads a list of entries; each bad entry becomes a problem and the others are kept. */
export function readEntries(
  node: YamlNode | undefined,
  field: 'outs' | 'deps',
  context: EntryContext,
  problems: StoreProblem[],
): DvcDependency[] {
  if (node === undefined || (typeof node === 'string' && scalar(node) === undefined)) return [];
  const where = context.stage ? `stage '${context.stage}' ${field}` : field;
  if (!Array.isArray(node)) {
    problems.push({ item: context.definedIn, message: `${where} is not a list` });
    return [];
  }
  const entries: DvcDependency[] = [];
  node.forEach((entry, index) => {
    const result = readEntry(entry, context);
    if (typeof result === 'string') problems.push({ item: context.definedIn, message: `${where}[${index}]: ${result}` });
    else entries.push(result);
  });
  return entries;
}

function readEntry(entry: YamlNode, context: EntryContext): DvcDependency | string {
  if (!isMapping(entry)) return 'not a mapping';
  const declaredPath = scalar(entry.path);
  if (declaredPath === undefined) return "no 'path'";
  const { hash, hashKind } = readHash(entry);
  const size = readCount(entry.size);
  const fileCount = readCount(entry.nfiles);
  if (size === null) return `'size' is not a byte count: ${String(entry.size)}`;
  if (fileCount === null) return `'nfiles' is not a file count: ${String(entry.nfiles)}`;
  const { path, external } = resolveDvcPath(declaredPath, context.definedIn, context.wdir);
  const result: DvcDependency = {
    path,
    declaredPath,
    external,
    hash,
    hashKind,
    isDirectory: (hash?.endsWith('.dir') ?? false) || fileCount !== undefined || Array.isArray(entry.files),
    definedIn: context.definedIn,
  };
  if (size !== undefined) result.size = size;
  if (fileCount !== undefined) result.fileCount = fileCount;
  if (context.stage !== undefined) result.stage = context.stage;
  const repo = entry.repo;
  if (isMapping(repo) && scalar(repo.url) !== undefined) {
    result.repo = { url: scalar(repo.url) as string };
    const rev = scalar(repo.rev);
    const revLock = scalar(repo.rev_lock);
    if (rev !== undefined) result.repo.rev = rev;
    if (revLock !== undefined) result.repo.revLock = revLock;
  }
  return result;
}

function readHash(entry: YamlMapping): { hash: string | null; hashKind: DvcHashKind | null } {
  const md5 = scalar(entry.md5);
  if (md5 !== undefined) return { hash: md5, hashKind: scalar(entry.hash) === 'md5' ? 'md5' : 'md5-dos2unix' };
  const etag = scalar(entry.etag);
  if (etag !== undefined) return { hash: etag, hashKind: 'etag' };
  const checksum = scalar(entry.checksum);
  if (checksum !== undefined) return { hash: checksum, hashKind: 'checksum' };
  return { hash: null, hashKind: null };
}

/** undefined when absent, null when not a non-negative integer */
function readCount(node: YamlNode | undefined): number | undefined | null {
  if (node === undefined || (typeof node === 'string' && scalar(node) === undefined)) return undefined;
  if (typeof node !== 'string' || !/^\d+$/.test(node)) return null;
  return Number(node);
}
