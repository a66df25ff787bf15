import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './repoRoot';

export interface RunnerArgs {
  workspace: string;
  port?: number;
  timeoutMs: number;
  /** Also print the workbench's own log. */
  verbose: boolean;
  tests?: string;
}

export const fixtureWorkspace = path.join(repoRoot, 'test', 'support', 'fixture-workspace');

/** Flags shared by the code-server runners: --workspace, --port, --timeout <seconds>, --verbose, --tests. */
export function parseRunnerArgs(argv: string[]): RunnerArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      workspace: { type: 'string' },
      tests: { type: 'string' },
      port: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      verbose: { type: 'boolean', default: false },
    },
  });
  return {
    workspace: path.resolve(values.workspace ?? fixtureWorkspace),
    tests: values.tests === undefined ? undefined : path.resolve(values.tests),
    port: values.port === undefined ? undefined : positiveNumber('--port', values.port),
    timeoutMs: positiveNumber('--timeout', values.timeout) * 1000,
    verbose: values.verbose,
  };
}

function positiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number, got "${text}"`);
  return value;
}
