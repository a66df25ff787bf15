import * as vscode from 'vscode';
import { DeployError } from '../../core/deploy/deployError';
import type { RolloutCall, RolloutResult, RolloutStep } from '../../core/deploy/deploymentTarget';
import type { Logger } from '../../vscode/logger';
import { rolloutPolicy } from './deploymentSettings';

/** What a rollout is doing, in the words of a progress notification. */
export function describeStep(step: RolloutStep): string {
  switch (step.step) {
    case 'checking':
      return 'checking the engine, the image and the port';
    case 'starting':
      return `starting revision ${step.revision} on trial port ${step.port}`;
    case 'waitingHealthy':
      return step.detail ?? `waiting for revision ${step.revision} to answer ${step.url}/ping`;
    case 'switching':
      return `switching port ${step.port} to revision ${step.revision}`;
    case 'rollingBack':
      return step.to === null ? `stopping revision ${step.revision}` : `rolling back to revision ${step.to}`;
    case 'done':
      return `revision ${step.revision} serves`;
  }
}

/**
 * Runs a rollout under a cancellable progress notification. A failed revision's last log lines go
 * to the log (the error message offers it) before the error reaches the command's handler.
 */
export async function withRolloutProgress(
  title: string,
  logger: Logger,
  rollout: (call: RolloutCall) => Promise<RolloutResult>,
): Promise<RolloutResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      return await rollout({
        signal: controller.signal,
        policy: rolloutPolicy(),
        onProgress: (step) => {
          logger.info(`${title}: ${describeStep(step)}`);
          progress.report({ message: describeStep(step) });
        },
      });
    } catch (error) {
      if (error instanceof DeployError && error.logTail.length > 0) {
        logger.error(`${title}: ${error.message}\nThe revision's last log lines:\n${error.logTail.join('\n')}`);
        throw new DeployError(error.code, withLastLines(error.message, error.logTail), error.details);
      }
      throw error;
    } finally {
      cancel.dispose();
    }
  });
}

const SHOWN_LINES = 5;

/** The message with the revision's last few log lines, as a notification shows them (one paragraph). */
export function withLastLines(message: string, logTail: string[]): string {
  const lines = logTail.map((line) => line.trim()).filter((line) => line.length > 0).slice(-SHOWN_LINES);
  if (lines.length === 0) return message;
  return `${message} Last log lines: ${lines.map((line) => `«${line}»`).join(' ')} (all of them in the log).`;
}
