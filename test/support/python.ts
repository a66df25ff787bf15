import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The Python with MLflow installed: $MLOPS_TEST_PYTHON, else the repository's .venv. */
export function pythonPath(): string {
  return process.env.MLOPS_TEST_PYTHON ?? path.join(repoRoot, '.venv', 'bin', 'python');
}

/** Runs a Python script file with arguments (no shell); throws with its stderr when it fails. */
export function runPython(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(pythonPath(), [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONUNBUFFERED: '1', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`python ${path.basename(script)} exited ${result.status}:\n${result.stderr}`);
  }
  return result.stdout;
}
