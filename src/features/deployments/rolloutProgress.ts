import * as vscode from 'vscode';
import { DeployError } from '../../core/deploy/deployError';
import type { RolloutCall, RolloutResult } from '../../core/deploy/deploymentTarget';
import type { Logger } from '../../vscode/logger';
import { rolloutPolicy } from './deploymentSettings';
import { describeStep, withLastLines } from './deploymentTexts';

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

