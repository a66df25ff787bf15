// A real `mlflow server` on a sqlite store in a temporary directory, for the duration of a suite.
import { type ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { pythonPath } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';

export interface RunningMlflowServer {
  uri: string;
  dir: string;
  /** resolves once the server's access log has shown `count` lines matching `pattern` from now on */
  waitForLogLines: (pattern: RegExp, count: number) => Promise<void>;
  stop: () => Promise<void>;
}

const STARTUP_DEADLINE_MS = 90_000;
const HEALTH_PROBE_INTERVAL_MS = 250;

export async function startMlflowServer(): Promise<RunningMlflowServer> {
  const { dir, cleanup } = makeTempDir('rest-server');
  const port = await freePort();
  const args = [
    '-m', 'mlflow', 'server',
    '--backend-store-uri', `sqlite:///${path.join(dir, 'mlflow.db')}`,
    '--artifacts-destination', path.join(dir, 'artifacts'),
    '--host', '127.0.0.1',
    '--port', String(port),
    '--workers', '1',
  ];
  // detached: the server's uvicorn worker runs in the same new process group, stopped together.
  const child = spawn(pythonPath(), args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false', PYTHONUNBUFFERED: '1' },
  });
  let output = '';
  let partialLine = '';
  const lineListeners = new Set<(line: string) => void>();
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8000);
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) for (const listener of lineListeners) listener(line);
  };
  const waitForLogLines = (pattern: RegExp, count: number): Promise<void> =>
    new Promise((resolve) => {
      let seen = 0;
      const listener = (line: string): void => {
        if (pattern.test(line) && ++seen >= count) {
          lineListeners.delete(listener);
          resolve();
        }
      };
      lineListeners.add(listener);
    });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const uri = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopGroup(child, exited);
    cleanup();
  };
  try {
    await waitUntilHealthy(uri, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri, dir, waitForLogLines, stop };
}

async function waitUntilHealthy(uri: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`mlflow server exited with ${exitCode} before answering /health:\n${output()}`);
    if (await answersHealth(uri)) return;
    await new Promise((resolve) => setTimeout(resolve, HEALTH_PROBE_INTERVAL_MS));
  }
  throw new Error(`mlflow server did not answer /health within ${STARTUP_DEADLINE_MS / 1000} s:\n${output()}`);
}

function answersHealth(uri: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${uri}/health`, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // The uvicorn worker may outlive the `mlflow server` process by a moment.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
