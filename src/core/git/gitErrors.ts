export type GitErrorCode =
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'GIT_MISSING' // no git executable on PATH
  | 'NOT_FOUND' // an unknown commit, branch or path
  | 'INVALID_ARGUMENT' // text that is not a commit, branch or repository path
  | 'DIRTY_WORK_TREE' // a checkout would mix uncommitted changes into another version
  | 'FAILED';

/** A git operation that failed: what was attempted, why, and what the user can do. */
export class GitError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: string,
    readonly code: GitErrorCode = 'FAILED',
    options?: { cause?: unknown; exitCode?: number },
  ) {
    super(`${operation}: ${reason}`, options);
    this.name = 'GitError';
    this.exitCode = options?.exitCode;
  }

  readonly exitCode: number | undefined;
}
