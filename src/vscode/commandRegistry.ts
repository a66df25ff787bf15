import * as vscode from 'vscode';
import { TrackingError, describeError } from '../core/tracking/errors';
import type { Logger } from './logger';

export interface CommandContext {
  /** aborted when the user cancels the command's progress notification */
  signal: AbortSignal;
  report(message: string): void;
}

export interface CommandOptions {
  /** show a cancellable progress notification with this title while the command runs */
  progress?: string;
}

type Handler = (context: CommandContext, ...args: unknown[]) => unknown;

const idle: CommandContext = { signal: new AbortController().signal, report: () => undefined };

/**
 * The one way commands are registered: failures become a message that says what failed and
 * offers the log, cancellations end quietly, and long work shows cancellable progress.
 */
export class CommandRegistry {
  private readonly titles = new Map<string, string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
  ) {
    const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } })
      .contributes?.commands ?? [];
    for (const { command, title } of contributed) this.titles.set(command, title.replace(/\.\.\.$/, ''));
  }

  register(id: string, handler: Handler, options: CommandOptions = {}): void {
    this.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, handler, options, args)));
  }

  private async run(id: string, handler: Handler, options: CommandOptions, args: unknown[]): Promise<unknown> {
    try {
      if (!options.progress) return await handler(idle, ...args);
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: options.progress, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return handler({ signal: controller.signal, report: (message) => progress.report({ message }) }, ...args);
        },
      );
    } catch (error) {
      if (isCancellation(error)) {
        this.logger.info(`${id}: cancelled`);
        return undefined;
      }
      const what = this.titles.get(id) ?? id;
      this.logger.error(`${what} failed`, error);
      void vscode.window.showErrorMessage(`${what} failed: ${describeError(error)}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') this.logger.show();
      });
      return undefined;
    }
  }
}

function isCancellation(error: unknown): boolean {
  return (error instanceof TrackingError && error.code === 'CANCELLED') || (error instanceof Error && error.name === 'AbortError');
}
