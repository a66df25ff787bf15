import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from './mlflowServer';
import { repoRoot } from './repoRoot';
import { makeTempDir } from './tempDir';
import { waitFor } from './waitFor';

export const codeServerEntry = path.join(repoRoot, '.code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface CodeServer {
  /** http://127.0.0.1:PORT, the authority the workbench page must be opened on. */
  origin: string;
  userDataDir: string;
  /** Output of code-server itself (not of the extension host), for error messages. */
  outputTail(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  port?: number;
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
}

const quietSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  // No update checks against the unreachable marketplace, no recommendation toasts over the notifications e2e tests read.
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  // The fixture workspace sits inside this repository; git would ask whether to open it.
  'git.openRepositoryInParentFolders': 'never',
};

/** Starts code-server with throw-away user data, extensions and XDG dirs; resolves once it answers HTTP. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed at ${codeServerEntry}: run scripts/install-code-server.sh`);
  }
  const temp = makeTempDir('code-server');
  const dirs = {
    userData: path.join(temp.dir, 'user-data'),
    extensions: path.join(temp.dir, 'extensions'),
    xdgData: path.join(temp.dir, 'xdg-data'),
    xdgConfig: path.join(temp.dir, 'xdg-config'),
    xdgCache: path.join(temp.dir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'));
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );

  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  // Its own process group, so stopping it also ends the server, extension host and pty host it forks.
  const child = spawn(
    process.execPath,
    [
      codeServerEntry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        XDG_DATA_HOME: dirs.xdgData,
        XDG_CONFIG_HOME: dirs.xdgConfig,
        XDG_CACHE_HOME: dirs.xdgCache,
      },
    },
  );
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  // Last resort when the runner exits without stop(), e.g. on a deadline while starting.
  const killOnExit = () => {
    killGroup(child, 'SIGKILL');
    try {
      temp.cleanup();
    } catch {
      // A process being killed may still be writing there; the OS's temp cleaning gets the rest.
    }
  };
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopGroup(child);
    temp.cleanup();
  };

  try {
    await waitFor(`code-server on ${origin}`, 60_000, async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
      }
      return isAnswering(`${origin}/healthz`);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, userDataDir: dirs.userData, outputTail: () => output, stop };
}

async function isAnswering(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  if (!(await settlesWithin(exited, 5000))) {
    killGroup(child, 'SIGKILL');
    await settlesWithin(exited, 5000);
  }
  // Processes that outlive the leader (extension host, pty host) are still in its group.
  killGroup(child, 'SIGKILL');
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
