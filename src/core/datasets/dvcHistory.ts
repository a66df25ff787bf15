import * as path from 'node:path';
import type { GitCallOptions } from '../git/gitCommand';
import type { GitRepository } from '../git/gitRepository';
import type { FileCommit } from '../git/gitTypes';
import type { StoreProblem } from '../tracking/types';
import { parseDvcDefinition } from './dvcFileParser';
import { type DvcFileSnapshot, type DvcOutputVersion, outputVersions } from './dvcVersions';
import type { DvcOutput } from './dvcTypes';

export interface DvcHistoryOptions extends GitCallOptions {
  /** the newest commits of the defining file that are read */
  maxCount?: number;
}

export interface DvcFileHistory {
  /** workspace-relative path of the .dvc or dvc.lock file today */
  definedIn: string;
  /** commits that changed the file, newest first */
  commits: FileCommit[];
  /** versions of all its outputs, newest first */
  versions: DvcOutputVersion[];
  /** versions that could not be read or parsed; their commits are skipped, not read as removals */
  problems: StoreProblem[];
  /** older commits exist beyond maxCount */
  truncated: boolean;
}

/** git reads in flight at once; more only queue up behind the disk */
const parallelReads = 4;

/**
 * The history of the outputs a .dvc or dvc.lock file defines: every commit that changed the
 * file is read and parsed, and compared with the version before it.
 */
export async function loadDvcFileHistory(
  repository: GitRepository,
  workspaceRoot: string,
  definedIn: string,
  options: DvcHistoryOptions = {},
): Promise<DvcFileHistory> {
  const workspaceFolder = repository.toRepositoryPath(workspaceRoot);
  const repositoryPath = repository.toRepositoryPath(path.join(workspaceRoot, definedIn));
  if (workspaceFolder === undefined || repositoryPath === undefined) {
    return { definedIn, commits: [], versions: [], truncated: false, problems: [{ item: definedIn, message: `not inside the git work tree ${repository.root}` }] };
  }
  const maxCount = options.maxCount;
  // One commit more than shown, so that the oldest shown version can say what it changed.
  const found = await repository.fileHistory(repositoryPath, { ...options, maxCount: maxCount === undefined ? undefined : maxCount + 1 });
  const truncated = maxCount !== undefined && found.length > maxCount;
  const commits = truncated ? found.slice(0, maxCount) : found;
  const problems: StoreProblem[] = [];
  const toWorkspacePath = (repoPath: string) => path.posix.relative(workspaceFolder, repoPath);

  const oldestFirst = [...found].reverse();
  const snapshots = await mapInBatches(oldestFirst, parallelReads, async (commit): Promise<DvcFileSnapshot | undefined> => {
    const snapshotPath = toWorkspacePath(commit.path);
    const info = { commit: commit.commit, shortCommit: commit.shortCommit, date: commit.date, author: commit.author, subject: commit.subject };
    if (commit.change === 'deleted') return { commit: info, definedIn: snapshotPath, content: null };
    const text = await repository.fileAt(commit.commit, commit.path, options);
    if (text === undefined) return { commit: info, definedIn: snapshotPath, content: null };
    const content = parseDvcDefinition(text, snapshotPath);
    if (content.problems.length > 0) {
      problems.push(...content.problems.map((problem) => ({ item: `${commit.shortCommit}:${problem.item}`, message: problem.message })));
      if (content.outputs.length === 0) return undefined;
    }
    return { commit: info, definedIn: snapshotPath, content };
  });
  const readable = snapshots.filter((snapshot): snapshot is DvcFileSnapshot => snapshot !== undefined);
  const baseline = truncated && readable[0]?.commit.commit === oldestFirst[0].commit;
  const versions = outputVersions(readable, { baseline }).reverse();
  return { definedIn, commits, versions, problems, truncated };
}

/** The versions of one output, newest first. */
export function versionsOfOutput(history: DvcFileHistory, output: Pick<DvcOutput, 'declaredPath'>): DvcOutputVersion[] {
  return history.versions.filter((version) => version.declaredPath === output.declaredPath);
}

async function mapInBatches<T, R>(items: T[], batchSize: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    results.push(...(await Promise.all(items.slice(start, start + batchSize).map(map))));
  }
  return results;
}
