import * as vscode from 'vscode';
import { describeError } from '../core/tracking/errors';
import { redactUri } from '../core/tracking/trackingUri';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

// Credentials never reach the logger on purpose; this is the net for URLs typed by users.
export function redactSecrets(text: string): string {
  return redactUri(text)
    .replace(/(https?:\/\/)[^/\s@]+@/gi, '$1')
    .replace(/(authorization|token|password)(["']?\s*[:=]\s*["']?)[^\s"',]+/gi, '$1$2***');
}

export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (message) => channel.debug(redactSecrets(message)),
    info: (message) => channel.info(redactSecrets(message)),
    warn: (message) => channel.warn(redactSecrets(message)),
    error: (message, error) => {
      const detail = error instanceof Error && error.stack ? `\n${error.stack}` : error === undefined ? '' : `: ${describeError(error)}`;
      channel.error(redactSecrets(message + detail));
    },
    show: () => channel.show(true),
  };
}
