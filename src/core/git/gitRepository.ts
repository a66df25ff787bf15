import * as fs from 'node:fs';
import * as path from 'node:path';
import { type GitCallOptions, GitCommand } from './gitCommand';
import { GitError } from './gitErrors';
import type { CommitNode, FileCommit, WorkTreeStatus } from './gitTypes';
import { fileLogFormat, parseFileLog } from './fileLogParser';
import { parseStatus } from './statusParser';

export interface OpenOptions extends GitCallOptions {
  /** default timeout of every later call on the repository */
  defaultTimeoutMs?: number;
}

export interface HistoryOptions extends GitCallOptions {
  maxCount?: number;
}

const objectName = /^[0-9a-f]{4,64}$/i;

/**
 * The git operations the Datasets view needs, on one work tree. Paths are relative to {@link root}
 * with '/' separators; git reads them literally (no pathspec magic).
 */
export class GitRepository {
  private constructor(
    /** the work tree's top-level folder, as git reports it */
    readonly root: string,
    private readonly git: GitCommand,
  ) {}

  /** The repository whose work tree contains `folder`; undefined when there is none. */
  static async open(folder: string, options: OpenOptions = {}): Promise<GitRepository | undefined> {
    if (!isDirectory(folder)) return undefined;
    const probe = new GitCommand(folder, options.defaultTimeoutMs);
    let insideWorkTree: string;
    try {
      insideWorkTree = await probe.text(['rev-parse', '--is-inside-work-tree'], options);
    } catch (error) {
      // git's message is localised; no `.git` above the folder is the locale-independent sign of "not a repository".
      if (error instanceof GitError && error.code === 'FAILED' && !hasGitAncestor(folder)) return undefined;
      throw error;
    }
    if (insideWorkTree.trim() !== 'true') return undefined;
    const root = (await probe.text(['rev-parse', '--show-toplevel'], options)).trim();
    return new GitRepository(root, new GitCommand(root, options.defaultTimeoutMs));
  }

  /** `absolutePath` relative to the work tree root, '/'-separated ('' for the root); undefined when it lies outside. */
  toRepositoryPath(absolutePath: string): string | undefined {
    const relative = path.relative(realPath(this.root), realPath(absolutePath));
    if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }

  /** The commit HEAD points at; undefined before the first commit. */
  async headCommit(options: GitCallOptions = {}): Promise<string | undefined> {
    const out = await this.git.text(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], options).catch(undefinedOnExit1);
    return out?.trim() || undefined;
  }

  /** Commits that changed `filePath`, newest first, following renames. */
  async fileHistory(filePath: string, options: HistoryOptions = {}): Promise<FileCommit[]> {
    const repoPath = checkedPath(filePath);
    if ((await this.headCommit(options)) === undefined) return [];
    const args = ['--literal-pathspecs', 'log', '--follow', '--name-status', '-z', fileLogFormat];
    if (options.maxCount !== undefined) args.push(`--max-count=${Math.max(1, Math.floor(options.maxCount))}`);
    args.push('HEAD', '--', repoPath);
    return parseFileLog(await this.git.text(args, options), repoPath);
  }

  /** Commits reachable from HEAD with their parents, every child before its parents (newest first). */
  async commitGraph(options: HistoryOptions = {}): Promise<CommitNode[]> {
    if ((await this.headCommit(options)) === undefined) return [];
    const args = ['rev-list', '--topo-order', '--parents'];
    if (options.maxCount !== undefined) args.push(`--max-count=${Math.max(1, Math.floor(options.maxCount))}`);
    args.push('HEAD', '--');
    const lines = (await this.git.text(args, options)).split('\n').filter((line) => line.length > 0);
    return lines.map((line) => {
      const [commit, ...parents] = line.split(' ');
      return { commit, parents };
    });
  }

  /** The bytes of `filePath` as committed in `commit`; throws NOT_FOUND when it is not a file there. */
  async showFile(commit: string, filePath: string, options: GitCallOptions = {}): Promise<Buffer> {
    const blob = await this.blobAt(commit, filePath, options);
    if (blob === undefined) {
      throw new GitError(`git show ${commit}:${filePath}`, `there is no file ${filePath} in commit ${commit}`, 'NOT_FOUND');
    }
    return this.git.showBytes(['--no-textconv', blob], options);
  }

  /** The UTF-8 text of `filePath` in `commit`; undefined when the commit has no such file. */
  async fileAt(commit: string, filePath: string, options: GitCallOptions = {}): Promise<string | undefined> {
    const blob = await this.blobAt(commit, filePath, options);
    if (blob === undefined) return undefined;
    return (await this.git.showBytes(['--no-textconv', blob], options)).toString('utf8');
  }

  async status(options: GitCallOptions = {}): Promise<WorkTreeStatus> {
    // Optional locks off: a read-only refresh must not block the user's own git commands on index.lock.
    return parseStatus(await this.git.text(['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '-z'], options));
  }

  async isDirty(options: GitCallOptions = {}): Promise<boolean> {
    return (await this.status(options)).isDirty;
  }

  /**
   * Switches the work tree to a commit (detached) or a local branch. Refuses while tracked files
   * have uncommitted changes, so that a version switch never carries edits into another version.
   */
  async checkout(target: string, options: GitCallOptions = {}): Promise<void> {
    const operation = `git checkout ${target}`;
    const resolved = await this.resolveCheckoutTarget(target, options);
    const status = await this.status(options);
    if (status.isDirty) {
      const changed = status.entries.filter((entry) => entry.kind !== 'untracked' && entry.kind !== 'ignored').map((entry) => entry.path);
      const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
      throw new GitError(operation, `the work tree has uncommitted changes (${shown}); commit or stash them, then check out again`, 'DIRTY_WORK_TREE');
    }
    const args = resolved.kind === 'branch' ? ['checkout', resolved.name, '--'] : ['checkout', '--detach', resolved.commit, '--'];
    await this.git.text(args, options);
  }

  private async resolveCheckoutTarget(
    target: string,
    options: GitCallOptions,
  ): Promise<{ kind: 'branch'; name: string } | { kind: 'commit'; commit: string }> {
    const operation = `git checkout ${target}`;
    if (target.length === 0 || target.startsWith('-') || /[\s\0]/.test(target)) {
      throw new GitError(operation, 'not a commit or branch name', 'INVALID_ARGUMENT');
    }
    const branch = await this.git.text(['show-ref', '--verify', '--quiet', `refs/heads/${target}`], options).then(
      () => true,
      (error: unknown) => undefinedOnExit1(error) ?? false,
    );
    if (branch) return { kind: 'branch', name: target };
    if (objectName.test(target)) {
      const commit = await this.git.text(['rev-parse', '--verify', '--quiet', `${target}^{commit}`], options).catch(undefinedOnExit1);
      if (commit?.trim()) return { kind: 'commit', commit: commit.trim() };
    }
    throw new GitError(operation, `no commit or local branch named ${target} in ${this.root}`, 'NOT_FOUND');
  }

  private async blobAt(commit: string, filePath: string, options: GitCallOptions): Promise<string | undefined> {
    if (!objectName.test(commit)) throw new GitError(`git show ${commit}`, 'not a commit name', 'INVALID_ARGUMENT');
    const repoPath = checkedPath(filePath);
    const listing = await this.git.text(['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', commit, '--', repoPath], options);
    const entry = listing.split('\0').find((line) => line.endsWith(`\t${repoPath}`));
    if (entry === undefined) return undefined;
    const [, type, blob] = entry.slice(0, entry.indexOf('\t')).split(' ');
    return type === 'blob' ? blob : undefined;
  }
}

function checkedPath(filePath: string): string {
  const normalized = path.posix.normalize(filePath.split(path.sep).join('/'));
  if (normalized === '.' || normalized.startsWith('../') || normalized === '..' || path.posix.isAbsolute(normalized)) {
    throw new GitError(`git path ${filePath}`, 'not a path inside the repository', 'INVALID_ARGUMENT');
  }
  return normalized;
}

/** `--quiet` lookups answer "no such thing" with exit code 1 and no output. */
function undefinedOnExit1(error: unknown): undefined {
  if (error instanceof GitError && error.exitCode === 1) return undefined;
  throw error;
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function hasGitAncestor(folder: string): boolean {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** Resolves symlinks (e.g. a temp folder behind /var) even for a path that no longer exists. */
function realPath(p: string): string {
  const absolute = path.resolve(p);
  try {
    return fs.realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
  }
}
