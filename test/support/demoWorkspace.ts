import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './repoRoot';

export interface DemoCommit {
  hash: string;
  message: string;
  author: string;
  /** ISO 8601 with the author's offset, as in demo/history.json */
  date: string;
}

export interface DemoWorkspace {
  dir: string;
  /** oldest first; the runs in its mlflow.db name these in mlflow.source.git.commit */
  commits: DemoCommit[];
}

/**
 * Makes the demo workspace in targetDir: demo/workspace with the git history of demo/history.json.
 * It runs scripts/prepare-demo.mjs, the code `npm start` runs, so tests see what users see.
 */
export function prepareDemoWorkspace(targetDir: string): DemoWorkspace {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'prepare-demo.mjs'), targetDir, '--json'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`scripts/prepare-demo.mjs exited ${result.status}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as DemoWorkspace;
}
