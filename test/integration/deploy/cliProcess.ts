import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../../support/python';

export const cli = path.join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs dist/cli.js with only PATH and a HOME of the test's (asynchronously: a rollout takes seconds and the test's own timers must keep running). */
export function runMlops(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The JSON a successful command printed; fails the test with its stderr otherwise. */
export function cliJson<T>(result: CliResult): T {
  assert.equal(result.status, 0, `the CLI failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
