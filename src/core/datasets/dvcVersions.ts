// What changed for each DVC output between consecutive versions of the file that defines it.
import type { CommitInfo } from '../git/gitTypes';
import type { DvcFileContent, DvcHashKind, DvcOutput } from './dvcTypes';

export interface DvcOutputState {
  /** workspace-relative path in that version */
  path: string;
  hash: string | null;
  hashKind: DvcHashKind | null;
  size?: number;
  fileCount?: number;
  isDirectory: boolean;
}

export type DvcChangeKind = 'added' | 'removed' | 'modified';

export interface DvcOutputVersion {
  commit: CommitInfo;
  /** the path of the defining file in that commit, workspace-relative */
  definedIn: string;
  declaredPath: string;
  stage?: string;
  change: DvcChangeKind;
  /** the output before the commit; null when the commit added it */
  before: DvcOutputState | null;
  /** the output after the commit; null when the commit removed it */
  after: DvcOutputState | null;
  /** null when a side does not record its size */
  sizeDelta: number | null;
  fileCountDelta: number | null;
}

/** The defining file in one commit: its parsed content, or null where the file does not exist. */
export interface DvcFileSnapshot {
  commit: CommitInfo;
  definedIn: string;
  content: DvcFileContent | null;
}

/**
 * Versions of every output across snapshots given oldest first. An output is known by its
 * declared path, which `dvc move` keeps when it moves the data and its .dvc file together.
 * A commit that touched the file without changing an output is not a version of that output.
 * With `baseline`, the first snapshot only gives the state before the others.
 */
export function outputVersions(snapshots: DvcFileSnapshot[], options: { baseline?: boolean } = {}): DvcOutputVersion[] {
  const versions: DvcOutputVersion[] = [];
  let previous = new Map<string, DvcOutput>();
  snapshots.forEach((snapshot, index) => {
    const current = byDeclaredPath(snapshot.content?.outputs ?? []);
    if (index === 0 && options.baseline) {
      previous = current;
      return;
    }
    for (const [declaredPath, output] of current) {
      const before = previous.get(declaredPath);
      if (before === undefined) versions.push(version(snapshot, declaredPath, 'added', null, output));
      else if (!sameState(before, output)) versions.push(version(snapshot, declaredPath, 'modified', before, output));
    }
    for (const [declaredPath, before] of previous) {
      if (!current.has(declaredPath)) versions.push(version(snapshot, declaredPath, 'removed', before, null));
    }
    previous = current;
  });
  return versions;
}

function byDeclaredPath(outputs: DvcOutput[]): Map<string, DvcOutput> {
  const map = new Map<string, DvcOutput>();
  for (const output of outputs) if (!map.has(output.declaredPath)) map.set(output.declaredPath, output);
  return map;
}

function sameState(a: DvcOutput, b: DvcOutput): boolean {
  return a.hash === b.hash && a.hashKind === b.hashKind && a.size === b.size && a.fileCount === b.fileCount && a.path === b.path;
}

function version(
  snapshot: DvcFileSnapshot,
  declaredPath: string,
  change: DvcChangeKind,
  before: DvcOutput | null,
  after: DvcOutput | null,
): DvcOutputVersion {
  const result: DvcOutputVersion = {
    commit: snapshot.commit,
    definedIn: snapshot.definedIn,
    declaredPath,
    change,
    before: before && stateOf(before),
    after: after && stateOf(after),
    sizeDelta: delta(before, after, 'size'),
    fileCountDelta: delta(before, after, 'fileCount'),
  };
  const stage = after?.stage ?? before?.stage;
  if (stage !== undefined) result.stage = stage;
  return result;
}

function stateOf(output: DvcOutput): DvcOutputState {
  const state: DvcOutputState = { path: output.path, hash: output.hash, hashKind: output.hashKind, isDirectory: output.isDirectory };
  if (output.size !== undefined) state.size = output.size;
  if (output.fileCount !== undefined) state.fileCount = output.fileCount;
  return state;
}

/** An added output grows from nothing and a removed one shrinks to nothing. */
function delta(before: DvcOutput | null, after: DvcOutput | null, key: 'size' | 'fileCount'): number | null {
  const from = before === null ? 0 : before[key];
  const to = after === null ? 0 : after[key];
  return from === undefined || to === undefined ? null : to - from;
}
