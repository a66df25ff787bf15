import * as util from 'node:util';

/**
 * The extension host's console reaches the runner only through the workbench's log
 * (window.codeAutomationLog), mixed with the workbench's own messages. The suite's report
 * carries this marker so the runner can pick it out.
 */
const marker = '\u2063mlops-host\u2063 ';

/**
 * Inside the extension host: a console.log for mocha's reporters that marks its lines.
 * Patching console itself does not work there: VS Code's console forwarder ignores assignments.
 */
export function markedReporterLog(): (...args: unknown[]) => void {
  return (...args: unknown[]) => console.log(marker + util.format(...args));
}

/** In the runner: one workbench log message as text; `fromSuite` when the suite's report printed it. */
export function readLogMessage(message: unknown): { text: string; fromSuite: boolean } {
  const text = Array.isArray(message) ? util.format(...(message as unknown[])) : String(message);
  const at = text.indexOf(marker);
  return at === -1 ? { text, fromSuite: false } : { text: text.slice(at + marker.length), fromSuite: true };
}
