/** A failure of a build or push, with the message the user sees (what failed, why, what to do). */
export class BuildError extends Error {
  constructor(
    readonly code: BuildErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BuildError';
  }
}

export type BuildErrorCode =
  | 'INVALID_ARGUMENT' // a request that cannot be built: both version and alias, a bad tag, ...
  | 'MODEL_NOT_FOUND' // no such registered model, version or alias
  | 'MODEL_UNAVAILABLE' // the version exists but its files cannot be read or downloaded
  | 'NOT_AN_MLFLOW_MODEL' // the files have no MLmodel, or no python_function flavor
  | 'ENGINE_UNREACHABLE' // the Docker engine does not answer
  | 'BUILD_FAILED' // the engine reported an error while building
  | 'CREDENTIALS' // registry credentials that cannot be used (a credential helper, a bad config file)
  | 'PUSH_DENIED' // the registry refused the credentials (401/403)
  | 'REGISTRY_UNREACHABLE'
  | 'PUSH_FAILED'
  | 'TIMEOUT' // the engine sent nothing for longer than the inactivity limit
  | 'CANCELLED';

export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Node's error code (ECONNREFUSED, ENOENT, ...) of an error or of its causes. */
export function errnoCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
