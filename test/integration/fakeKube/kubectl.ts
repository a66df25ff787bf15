import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Debian's kubectl (package kubernetes-client) as scripts/kubectl-test-env.sh provides it. Only
// that binary counts: another kubectl on PATH (e.g. Google Cloud SDK's) is a different client.

const SETUP = 'Run `bash scripts/kubectl-test-env.sh` (it installs or unpacks Debian\'s kubernetes-client and writes /tmp/mlops-kubectl/env.json), or set MLOPS_KUBECTL.';

export function kubectlPath(): string {
  const file = path.join(process.env.MLOPS_KUBECTL_DIR ?? '/tmp/mlops-kubectl', 'env.json');
  let written: Record<string, string> = {};
  if (fs.existsSync(file)) written = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  const binary = process.env.MLOPS_KUBECTL ?? written.MLOPS_KUBECTL;
  if (!binary) throw new Error(`The kubectl cross-check needs Debian's kubectl and none is configured (${file} is missing). ${SETUP}`);
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    throw new Error(`The kubectl cross-check needs Debian's kubectl, and ${binary} is not an executable file. ${SETUP}`);
  }
  return binary;
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningKubectl {
  /** what it printed so far */
  output(): string;
  done: Promise<KubectlResult>;
}

/**
 * Starts kubectl with an argument array against the cluster of `kubeconfig`; HOME is a fresh
 * folder so its discovery cache starts empty and nothing of the user's leaks in.
 */
export function startKubectl(kubeconfig: string, args: string[], timeoutMs = 60_000): RunningKubectl {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-kubectl-home-'));
  const child = spawn(kubectlPath(), args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<KubectlResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(home, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
  return { output: () => stdout + stderr, done };
}

export function kubectl(kubeconfig: string, args: string[]): Promise<KubectlResult> {
  return startKubectl(kubeconfig, args).done;
}

/** `kubectl rollout history` as rows of [revision, change cause]. */
export function parseHistory(stdout: string): [number, string][] {
  const lines = stdout.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  const header = lines.findIndex((l) => l.startsWith('REVISION'));
  if (header < 0) throw new Error(`not a rollout history: ${stdout}`);
  return lines.slice(header + 1).map((line) => {
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`unexpected history line: ${line}`);
    return [Number(m[1]), m[2]];
  });
}
