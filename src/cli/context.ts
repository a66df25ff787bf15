import type { Command } from 'commander';
import { openTrackingStore } from '../core/tracking/openTrackingStore';
import { resolveTrackingUri } from '../core/tracking/trackingUri';
import type { StoreProblem, TrackingStore } from '../core/tracking/types';
import { toMlflowJson } from '../core/tracking/mlflowJson';

export interface CommonOptions {
  trackingUri?: string;
  json?: boolean;
}

/** Adds the options every command takes. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--tracking-uri <uri>', 'tracking store: sqlite:///mlflow.db, file:///path/mlruns, a path, or http(s)://server (default: MLFLOW_TRACKING_URI, then ./mlruns if it holds experiments, then ./mlflow.db)')
    .option('--json', 'print JSON (MLflow field names) instead of a table');
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal: AbortSignal;
}

/** Opens the store the options name, runs `body`, and closes the store whatever happens. */
export async function withStore<T>(io: CliIo, options: CommonOptions, body: (store: TrackingStore) => Promise<T>): Promise<T> {
  const resolved = resolveTrackingUri({ explicit: options.trackingUri, env: io.env, baseDir: io.cwd });
  const store = openTrackingStore(resolved, { env: io.env });
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(toMlflowJson(value, 2) + '\n');
}

/** Items that could not be read are reported on stderr; what could be read is still printed. */
export function reportProblems(io: CliIo, problems: StoreProblem[]): void {
  for (const problem of problems) io.stderr(`mlops: warning: skipped ${problem.item}: ${problem.message}\n`);
}
