export interface CommitInfo {
  /** full object name */
  commit: string;
  shortCommit: string;
  /** author date, epoch milliseconds */
  date: number;
  author: string;
  subject: string;
}

/** A commit and its parents: enough to tell which commits are ancestors of which. */
export interface CommitNode {
  commit: string;
  parents: string[];
}

export type FileChangeKind = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'typeChanged' | 'unknown';

/** One commit in a file's history, with the file's path in that commit (it changes across renames). */
export interface FileCommit extends CommitInfo {
  /** repository-relative, '/'-separated */
  path: string;
  /** the path before a rename or copy */
  previousPath?: string;
  change: FileChangeKind;
}

export type StatusEntryKind = 'changed' | 'renamed' | 'unmerged' | 'untracked' | 'ignored';

export interface StatusEntry {
  kind: StatusEntryKind;
  /** repository-relative, '/'-separated */
  path: string;
  /** the source of a rename or copy */
  originalPath?: string;
  /** git's XY code: index then work tree ('.' for unchanged), '??' for untracked */
  code: string;
}

export interface WorkTreeStatus {
  /** the checked-out branch; null when HEAD is detached */
  branch: string | null;
  /** the HEAD commit; null before the first commit */
  head: string | null;
  entries: StatusEntry[];
  /**
   * True when tracked files differ from HEAD (staged or not) or a merge is unresolved.
   * Untracked files do not count: git refuses a checkout that would overwrite one by itself.
   */
  isDirty: boolean;
}
