import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareDemoWorkspace } from '../support/demoWorkspace';
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

/**
 * Folders prepared beside the others but added to the workspace only by the suites that use them
 * (`updateWorkspaceFolders`), so the folder lists other suites assert stay as they are.
 */
export const ADDED_FOLDERS = {
  /** the demo workspace: DVC data with a git history, and a store whose runs name its commits */
  demo: 'demo',
} as const;

/** Data files outside every workspace folder, for previews; paths relative to the workspace file's folder. */
export const PREVIEW_FILES = {
  /** written by pyarrow: PREVIEW_PARQUET_ROWS rows of ints, strings, floats, booleans, dates, timestamps, lists */
  parquet: 'previews/items.parquet',
  /** larger than the preview counts rows of, so its row count is an estimate */
  largeCsv: 'previews/large.csv',
} as const;
export const PREVIEW_PARQUET_ROWS = 1000;
export const LARGE_CSV_ROWS = 500_000;

/** runs in the lab store's "sweep" experiment, more than one page of the Runs view */
export const SWEEP_RUNS = 25;

/** Python files for the inline metrics: paths relative to the workspace file's folder. */
export const INLINE_SCRIPTS = {
  /** logs the lab store's metrics (loss, acc, val/loss) in every call form, and keys known only at run time */
  training: `${HOST_FOLDERS.lab}/train.py`,
  /** in a folder without a store */
  scratch: `${HOST_FOLDERS.empty}/notes.py`,
} as const;

const TRAINING_SCRIPT = `"""Trains a toy model; the lab store holds runs that logged these metrics."""
import mlflow
from mlflow import MlflowClient

mlflow.set_tracking_uri("sqlite:///mlflow.db")
client = MlflowClient()

with mlflow.start_run() as run:
    for step in range(10):
        mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metrics(
            {
                "acc": step / 10,
                'val/loss': 1.2 / (step + 1),  # one lens per key
            },
            step=step,
        )
        client.log_metric(run.info.run_id, "loss", 0.5, step=step)
        mlflow.log_metric(key="acc", value=0.9)
        mlflow.log_metric(f"fold_{step}/loss", 0.1)
        name = "loss"
        mlflow.log_metric(name, 0.2)
        mlflow.log_metric("never_logged", 0.0)
`;

/** Writes the multi-root workspace the host tests run in; returns its .code-workspace file. */
export function prepareHostWorkspace(root: string): string {
  fs.rmSync(root, { recursive: true, force: true });
  for (const name of Object.values(HOST_FOLDERS)) fs.mkdirSync(path.join(root, name), { recursive: true });
  const lab = path.join(root, HOST_FOLDERS.lab, 'mlflow.db');
  runPython(path.join(repoRoot, 'test', 'integration', 'parity', 'fixtures', 'write_store.py'), [`sqlite:///${lab}`]);
  runPython(path.join(repoRoot, 'test', 'host', 'fixtures', 'add_sweep.py'), [`sqlite:///${lab}`, String(SWEEP_RUNS)]);
  fs.writeFileSync(path.join(root, HOST_FOLDERS.broken, 'mlflow.db'), Buffer.from('this is not a sqlite database\n'.repeat(200)));
  prepareDemoWorkspace(path.join(root, ADDED_FOLDERS.demo));
  fs.writeFileSync(path.join(root, INLINE_SCRIPTS.training), TRAINING_SCRIPT);
  fs.writeFileSync(path.join(root, INLINE_SCRIPTS.scratch), 'import mlflow\n\nmlflow.log_metric("loss", 0.5)\n');
  writePreviewFiles(root);
  const file = path.join(root, 'host.code-workspace');
  const folders = Object.values(HOST_FOLDERS).map((name) => ({ path: name }));
  fs.writeFileSync(file, JSON.stringify({ folders, settings: { 'mlops.refreshInterval': 2, ...dockerSettings() } }, null, 2));
  return file;
}

function writePreviewFiles(root: string): void {
  const parquet = path.join(root, PREVIEW_FILES.parquet);
  fs.mkdirSync(path.dirname(parquet), { recursive: true });
  runPython(path.join(repoRoot, 'test', 'integration', 'datasets', 'write_parquet.py'), [parquet, String(PREVIEW_PARQUET_ROWS), '250', 'snappy']);
  const lines = ['id,name,score'];
  // Rows of one length, so an estimate from the first rows is close.
  for (let i = 0; i < LARGE_CSV_ROWS; i++) lines.push(`${String(i).padStart(6, '0')},sample-${i % 10},${(100 + (i % 1000) / 4).toFixed(2)}`);
  fs.writeFileSync(path.join(root, PREVIEW_FILES.largeCsv), lines.join('\n') + '\n');
}

/**
 * The Docker engine of scripts/docker-test-env.sh (MLOPS_DOCKER_HOST, else its env.json), for the
 * Deployments suite; without one the setting stays unset and that suite says how to get one.
 */
function dockerSettings(): Record<string, string> {
  const file = path.join(process.env.MLOPS_DOCKER_DIR ?? '/tmp/mlops-docker', 'env.json');
  const written = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const host = process.env.MLOPS_DOCKER_HOST ?? written.MLOPS_DOCKER_HOST;
  return host ? { 'mlops.docker.host': host } : {};
}

/** The open registry of scripts/docker-test-env.sh (MLOPS_TEST_REGISTRY, else its env.json), for the cluster suite's images. */
export function testRegistry(): string {
  const file = path.join(process.env.MLOPS_DOCKER_DIR ?? '/tmp/mlops-docker', 'env.json');
  const written = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const registry = process.env.MLOPS_TEST_REGISTRY ?? written.MLOPS_TEST_REGISTRY;
  if (!registry) throw new Error(`No test registry: ${file} has no MLOPS_TEST_REGISTRY. Run bash scripts/docker-test-env.sh.`);
  return registry;
}
