import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../../support/mlflowServer';
import { repoRoot } from '../../support/repoRoot';

export interface RunningDemo {
  /** the workbench URL start-demo.mjs printed */
  url: string;
  origin: string;
  /** pid of start-demo.mjs itself; code-server is its child */
  pid: number;
  /** Closes its stdin, as the script's --no-open contract says, and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `scripts/start-demo.mjs --no-open` on a free port with the environment given (on top of
 * this process's), without building, and resolves once it printed the workbench URL.
 */
export async function startDemo(workspace: string, env: NodeJS.ProcessEnv = {}): Promise<RunningDemo> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'scripts', 'start-demo.mjs'), '--no-open', '--no-build', '--port', String(port), '--workspace', workspace],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const url = await printedUrl(child, () => output, port, 60_000);
    return { url, origin: new URL(url).origin, pid: child.pid ?? -1, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function printedUrl(child: ChildProcess, output: () => string, port: number, timeoutMs: number): Promise<string> {
  const pattern = new RegExp(`http://127\\.0\\.0\\.1:${port}/\\?\\S+`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match[0];
    if (child.exitCode !== null) throw new Error(`start-demo.mjs exited ${child.exitCode} before printing a URL:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`start-demo.mjs printed no URL within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The environment of each direct child of a process (Linux /proc). */
export function childEnvironments(pid: number): Map<number, Record<string, string>> {
  const environments = new Map<number, Record<string, string>>();
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    for (const child of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
      const entries = fs.readFileSync(`/proc/${child}/environ`, 'utf8').split('\0').filter(Boolean);
      environments.set(Number(child), Object.fromEntries(entries.map((entry) => {
        const equals = entry.indexOf('=');
        return [entry.slice(0, equals), entry.slice(equals + 1)];
      })));
    }
  }
  return environments;
}
