export type DeployErrorCode =
  | 'TARGET_UNAVAILABLE' // the engine or cluster cannot be reached
  | 'IMAGE_NOT_FOUND'
  | 'PORT_IN_USE' // another process listens on the deployment's port
  | 'START_FAILED' // the new revision's process exited
  | 'UNHEALTHY' // the new revision did not answer /ping with 200 in time
  | 'NOT_FOUND' // no such deployment or revision
  | 'CONFLICT' // another rollout of the same deployment is under way
  | 'INVALID_ARGUMENT'
  | 'FAILED'; // anything else the target reported

/** A failure whose message says what failed, why and what to do; `logTail` holds the revision's last log lines. */
export class DeployError extends Error {
  constructor(
    readonly code: DeployErrorCode,
    message: string,
    readonly details: { logTail?: string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'DeployError';
  }

  get logTail(): string[] {
    return this.details.logTail ?? [];
  }
}

/** The error a cancelled call ends with (what CommandRegistry and the CLI treat as a quiet cancel). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
