import { GitError as SimpleGitError, type SimpleGit, simpleGit } from 'simple-git';
import { GitError } from './gitErrors';

export interface GitCallOptions {
  signal?: AbortSignal;
  /** overrides the runner's default timeout for this call */
  timeoutMs?: number;
}

export const defaultGitTimeoutMs = 30_000;

/**
 * Runs git in one folder through simple-git, always with argument arrays. Each call gets its own
 * simple-git instance because simple-git takes the abort signal per instance, not per task.
 */
export class GitCommand {
  constructor(
    readonly cwd: string,
    private readonly defaultTimeoutMs = defaultGitTimeoutMs,
  ) {}

  /** stdout as UTF-8 text */
  text(args: string[], options: GitCallOptions = {}): Promise<string> {
    return this.run(args, options, (git) => git.raw(args));
  }

  /** stdout of `git show <args>` as bytes (a blob's content is not always text) */
  showBytes(args: string[], options: GitCallOptions = {}): Promise<Buffer> {
    return this.run(['show', ...args], options, (git) => git.showBuffer(args));
  }

  private async run<T>(args: string[], options: GitCallOptions, task: (git: SimpleGit) => Promise<T>): Promise<T> {
    const operation = `git ${args.find((arg) => !arg.startsWith('-')) ?? args[0]}`;
    if (options.signal?.aborted) throw new GitError(operation, 'cancelled', 'CANCELLED');
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const abort = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const git = simpleGit({
        baseDir: this.cwd,
        abort,
        maxConcurrentProcesses: 1,
        // simple-git only rejects when git both exits non-zero and writes to stderr; `--quiet` lookups do neither.
        errors: (error, result) => {
          if (error || result.exitCode === 0) return error;
          return new ExitCodeError(result.exitCode, Buffer.concat(result.stdErr).toString('utf8'));
        },
      });
      return await task(git);
    } catch (error) {
      if (options.signal?.aborted) throw new GitError(operation, 'cancelled', 'CANCELLED', { cause: error });
      if (timeout.aborted) {
        throw new GitError(operation, `no answer within ${timeoutMs / 1000} s; the repository may be very large or locked`, 'TIMEOUT', { cause: error });
      }
      throw toGitError(operation, error);
    }
  }
}

// simple-git passes its own error class through and turns any other error into a message only.
class ExitCodeError extends SimpleGitError {
  constructor(
    readonly exitCode: number,
    stderr: string,
  ) {
    super(undefined, stderr.trim() || `exited with code ${exitCode}`);
  }
}

function toGitError(operation: string, error: unknown): GitError {
  const message = error instanceof Error ? error.message : String(error);
  if (/\bENOENT\b/.test(message) && /spawn/.test(message)) {
    return new GitError(operation, 'git is not installed or not on PATH; install git and reload', 'GIT_MISSING', { cause: error });
  }
  const exitCode = findExitCode(error);
  return new GitError(operation, message.trim().replace(/^fatal: /, ''), 'FAILED', { cause: error, exitCode });
}

function findExitCode(error: unknown): number | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof ExitCodeError) return current.exitCode;
  }
  return undefined;
}
