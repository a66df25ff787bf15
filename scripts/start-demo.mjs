// `npm start`: builds the extension, prepares the demo workspace and opens it with the extension
// loaded: in desktop VS Code when `code` is on the PATH, otherwise in code-server in the browser.
//
//   node scripts/start-demo.mjs [--port N] [--workspace DIR] [--keep] [--no-build] [--no-open] [--check]
//
//   --no-open  never opens desktop VS Code: serves code-server, prints its URL, stops when stdin ends
//   --check    serves code-server, checks its URL answers 200, stops; exits 0 when it did
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { URL } from 'node:url';
import { defaultDemoWorkspace, prepareDemoWorkspace, repoRoot } from './prepare-demo.mjs';

const usage = 'usage: node scripts/start-demo.mjs [--port N] [--workspace DIR] [--keep] [--no-build] [--no-open] [--check]';
const codeServerEntry = path.join(repoRoot, '.code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

// As test/support/codeServer.ts, which an .mjs script cannot import; the README of the demo opens first.
const quietSettings = {
  'workbench.startupEditor': 'readme',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

function parseArgs(argv) {
  const options = { port: Number(process.env.PORT || 8080), workspace: defaultDemoWorkspace, keep: false, build: true, open: true, check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--workspace') options.workspace = path.resolve(argv[++i] ?? '');
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--no-open') options.open = false;
    else if (arg === '--check') options.check = true;
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new UsageError('--port needs a port number');
  return options;
}

class UsageError extends Error {}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error || result.status !== 0) throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The environment the editor starts with: the demo's own store, and the repository's Python for `python train.py`. */
function demoEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.MLFLOW_TRACKING_URI;
  delete env.MLFLOW_REGISTRY_URI;
  const venvBin = path.join(repoRoot, '.venv', 'bin');
  if (fs.existsSync(path.join(venvBin, 'python'))) {
    env.PATH = `${venvBin}${path.delimiter}${env.PATH ?? ''}`;
    env.VIRTUAL_ENV = path.dirname(venvBin);
  }
  return env;
}

function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePortFrom(port) {
  for (let candidate = port; candidate < port + 20 && candidate <= 65535; candidate++) {
    if (await isFree(candidate)) return candidate;
  }
  throw new Error(`ports ${port} to ${port + 19} are all in use: pass --port or PORT`);
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

/** code-server has no --extensionDevelopmentPath flag; the workbench reads it from the URL's payload. */
function workbenchUrl(origin, workspace) {
  const url = new URL(origin);
  url.searchParams.set('folder', workspace);
  url.searchParams.set('payload', JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${url.host}${repoRoot}`]]));
  return url.toString();
}

async function startCodeServer(port, workspace) {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-demo-code-server-'));
  const dir = (name) => {
    fs.mkdirSync(path.join(temp, name), { recursive: true });
    return path.join(temp, name);
  };
  dir('user-data/User');
  fs.writeFileSync(path.join(temp, 'user-data', 'User', 'settings.json'), JSON.stringify(quietSettings, null, 2));
  const origin = `http://127.0.0.1:${port}`;
  // Its own process group, so stopping it also ends the extension host and terminals it forks.
  const child = spawn(process.execPath, [
    codeServerEntry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', dir('user-data'), '--extensions-dir', dir('extensions'), workspace,
  ], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: demoEnv({ XDG_DATA_HOME: dir('xdg-data'), XDG_CONFIG_HOME: dir('xdg-config'), XDG_CACHE_HOME: dir('xdg-cache') }),
  });
  let output = '';
  const keepTail = (chunk) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    killGroup('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) await Promise.race([exited, delay(5000)]);
    killGroup('SIGKILL');
    fs.rmSync(temp, { recursive: true, force: true });
  };
  process.once('exit', () => killGroup('SIGKILL'));
  // Signals end a process without its 'exit' handlers; code-server is in another group and would stay.
  const abandon = () => {
    killGroup('SIGKILL');
    fs.rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
    process.exit(130);
  };
  process.once('SIGINT', abandon);
  process.once('SIGTERM', abandon);

  const deadline = Date.now() + 60_000;
  while ((await httpStatus(`${origin}/healthz`)) !== 200) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not start on ${origin}:\n${output}`);
    }
    await delay(200);
  }
  process.off('SIGINT', abandon);
  process.off('SIGTERM', abandon);
  return { origin, exited, stop, outputTail: () => output };
}

function untilStopped(codeServer, options) {
  let stopping = false;
  return new Promise((resolve) => {
    const done = (code) => () => {
      stopping = true;
      resolve(code);
    };
    process.once('SIGINT', done(0));
    process.once('SIGTERM', done(0));
    process.once('SIGHUP', done(0));
    codeServer.exited.then(() => {
      if (stopping) return;
      console.error(`code-server exited on its own:\n${codeServer.outputTail()}`);
      resolve(1);
    });
    if (!options.open) {
      process.stdin.once('end', done(0));
      process.stdin.resume();
    }
  });
}

async function main(options) {
  const started = Date.now();
  if (options.build) run('npm', ['run', 'build'], 'npm run build');
  else if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) console.warn('dist/extension.js is missing: run npm run build, or the extension will not load');
  const { dir: workspace } = prepareDemoWorkspace(options.workspace, { keep: options.keep });
  console.log(`demo workspace: ${workspace}`);

  if (options.open && !options.check && onPath('code')) {
    const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit', env: demoEnv() });
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  }
  if (!fs.existsSync(codeServerEntry)) {
    console.log('code-server is not installed: installing it with scripts/install-code-server.sh (a few minutes, once)');
    run('bash', [path.join(repoRoot, 'scripts', 'install-code-server.sh')], 'scripts/install-code-server.sh');
  }
  const port = await freePortFrom(options.port);
  if (port !== options.port) console.log(`port ${options.port} is in use; using ${port}`);
  const codeServer = await startCodeServer(port, workspace);
  const url = workbenchUrl(codeServer.origin, workspace);
  console.log(`\nMLOps Studio demo (ready after ${((Date.now() - started) / 1000).toFixed(1)} s), open:\n\n  ${url}\n`);
  let code = 1;
  try {
    if (options.check) {
      const status = await httpStatus(url, 10_000);
      console.log(`GET workbench: HTTP ${status}`);
      code = status === 200 ? 0 : 1;
    } else {
      console.log(options.open ? 'Press Ctrl-C to stop.' : 'Stops when stdin ends (Ctrl-D) or on Ctrl-C.');
      code = await untilStopped(codeServer, options);
    }
  } finally {
    await codeServer.stop();
  }
  console.log('code-server stopped.');
  return code;
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
main(options).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
