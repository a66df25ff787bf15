import type { HostBridge } from './hostBridge';

const maxForwarded = 100;

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  if (typeof reason === 'string') return reason;
  try {
    return JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}

/**
 * Errors in a webview only reach its developer tools; the host's log is where users and support
 * look. Forwarding stops after a hundred messages so a failing render loop cannot flood the log.
 */
export function forwardErrorsToHost(bridge: HostBridge): (level: 'warn' | 'error', message: string) => void {
  let forwarded = 0;
  const log = (level: 'warn' | 'error', message: string): void => {
    forwarded++;
    if (forwarded > maxForwarded) return;
    const text = forwarded === maxForwarded ? `${message}\n(further webview errors are not forwarded)` : message;
    bridge.post({ type: 'log', level, message: `Compare panel: ${text}` });
  };

  window.addEventListener('error', (event) => {
    const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : '';
    log('error', `${event.error ? describe(event.error) : event.message}${where}`);
  });
  window.addEventListener('unhandledrejection', (event) => log('error', `unhandled rejection: ${describe(event.reason)}`));
  window.addEventListener('securitypolicyviolation', (event) =>
    log('error', `Content-Security-Policy blocked ${event.blockedURI || 'inline content'} (${event.violatedDirective})`),
  );

  const consoleError = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    consoleError(...args);
    log('error', args.map(describe).join(' '));
  };
  return log;
}
