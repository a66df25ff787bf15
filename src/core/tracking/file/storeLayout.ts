// Names and shapes of MLflow's file store (mlflow/store/tracking/file_store.py and
// mlflow/store/model_registry/file_store.py), and the directory helpers every reader uses.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TRASH = '.trash';
export const META = 'meta.yaml';
export const REGISTRY_MODELS = 'models';
/** Folders of an experiment that are not runs (FileStore.RESERVED_EXPERIMENT_FOLDERS). */
export const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces', 'models']);

export const RUN_ID_PATTERN = /^[a-zA-Z0-9][\w-]{0,255}$/;
export const EXPERIMENT_ID_PATTERN = /^[a-zA-Z0-9][\w-]{0,63}$/;

/** Entries of a directory, or [] when it does not exist (MLflow treats both alike). */
export function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** Follows symbolic links the way os.path.isdir does. */
export function isDirectory(dir: string, entry: fs.Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  return fs.statSync(path.join(dir, entry.name), { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The names of the subdirectories of `dir`, in directory order like os.listdir. */
export function listSubdirs(dir: string): string[] {
  return listDir(dir)
    .filter((entry) => isDirectory(dir, entry))
    .map((entry) => entry.name);
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Active experiments are the root's subdirectories except `.trash` and the registry's `models`
 * (MLflow drops any name ending in ".trash"); deleted ones are those of `.trash`.
 */
export function activeExperimentDirs(root: string): string[] {
  return listSubdirs(root).filter((name) => !name.endsWith(TRASH) && name !== REGISTRY_MODELS);
}

export function deletedExperimentDirs(root: string): string[] {
  return listSubdirs(path.join(root, TRASH));
}

/**
 * A key as MLflow accepts it for a file under metrics/, params/ or tags/: one that names the
 * same file after path normalisation (no `..`, no absolute path, no `./`).
 */
export function isSafeKey(key: string): boolean {
  const normalized = path.posix.normalize(key);
  return key !== '' && normalized === key && normalized !== '.' && !normalized.startsWith('..') && !normalized.startsWith('/');
}
