import * as os from 'node:os';

let installed = false;

/**
 * Turns SIGINT/SIGTERM/SIGHUP into a normal process.exit, so the 'exit' handlers that kill
 * code-server's process group and Chromium run; Node's default ends the process without them.
 */
export function exitOnSignals(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => process.exit(128 + os.constants.signals[signal]));
  }
}
