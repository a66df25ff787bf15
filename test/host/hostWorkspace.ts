import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, runPython } from '../support/python';

/** Folder names of the host-test workspace; the tests find each folder's role by its name. */
export const HOST_FOLDERS = {
  /** a sqlite store written by MLflow with the parity data set */
  lab: 'lab',
  /** an mlflow.db that is not a database */
  broken: 'broken',
  /** no tracking store at all */
  empty: 'empty',
} as const;

/** runs in the lab store's "sweep" experiment, more than one page of the Runs view */
export const SWEEP_RUNS = 25;

/** Writes the multi-root workspace the host tests run in; returns its .code-workspace file. */
export function prepareHostWorkspace(root: string): string {
  fs.rmSync(root, { recursive: true, force: true });
  for (const name of Object.values(HOST_FOLDERS)) fs.mkdirSync(path.join(root, name), { recursive: true });
  const lab = path.join(root, HOST_FOLDERS.lab, 'mlflow.db');
  runPython(path.join(repoRoot, 'test', 'integration', 'parity', 'fixtures', 'write_store.py'), [`sqlite:///${lab}`]);
  runPython(path.join(repoRoot, 'test', 'host', 'fixtures', 'add_sweep.py'), [`sqlite:///${lab}`, String(SWEEP_RUNS)]);
  fs.writeFileSync(path.join(root, HOST_FOLDERS.broken, 'mlflow.db'), Buffer.from('this is not a sqlite database\n'.repeat(200)));
  const file = path.join(root, 'host.code-workspace');
  const folders = Object.values(HOST_FOLDERS).map((name) => ({ path: name }));
  fs.writeFileSync(file, JSON.stringify({ folders, settings: { 'mlops.refreshInterval': 2 } }, null, 2));
  return file;
}
