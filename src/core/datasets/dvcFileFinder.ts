import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StoreProblem } from '../tracking/types';

export interface FindDvcFilesOptions {
  signal?: AbortSignal;
  /** folder levels below the root that are searched (the root is level 0) */
  maxDepth?: number;
  /** stop after this many files */
  maxFiles?: number;
  /** stop after listing this many folders, so a huge tree cannot stall a refresh */
  maxFolders?: number;
}

export interface FoundDvcFiles {
  /** workspace-relative, '/'-separated, sorted */
  files: string[];
  truncated: boolean;
  problems: StoreProblem[];
}

// Tools' own folders: never hold tracked data definitions, often hold huge trees.
// `.dvc` is DVC's config, cache and tmp; a data definition never lives inside it.
const skippedFolders = new Set([
  'node_modules', '.git', '.hg', '.svn', '.dvc', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.ipynb_checkpoints',
]);

/** `*.dvc` and `dvc.lock` files under `root`, breadth first; symbolic links are not followed. */
export async function findDvcFiles(root: string, options: FindDvcFilesOptions = {}): Promise<FoundDvcFiles> {
  const maxDepth = options.maxDepth ?? 12;
  const maxFiles = options.maxFiles ?? 5000;
  const maxFolders = options.maxFolders ?? 50_000;
  const found: FoundDvcFiles = { files: [], truncated: false, problems: [] };
  let queue: { relative: string; depth: number }[] = [{ relative: '', depth: 0 }];
  let foldersListed = 0;
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const folder of queue) {
      options.signal?.throwIfAborted();
      if (foldersListed >= maxFolders) {
        found.truncated = true;
        return finish(found);
      }
      foldersListed++;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(path.join(root, folder.relative), { withFileTypes: true });
      } catch (error) {
        found.problems.push({ item: folder.relative || '.', message: `cannot list the folder: ${(error as Error).message}` });
        continue;
      }
      for (const entry of entries) {
        const relative = folder.relative ? `${folder.relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (skippedFolders.has(entry.name)) continue;
          if (folder.depth + 1 <= maxDepth) next.push({ relative, depth: folder.depth + 1 });
          else found.truncated = true;
        } else if (entry.isFile() && isDvcDefinition(entry.name)) {
          if (found.files.length >= maxFiles) {
            found.truncated = true;
            return finish(found);
          }
          found.files.push(relative);
        }
      }
    }
    queue = next;
  }
  return finish(found);
}

export function isDvcDefinition(fileName: string): boolean {
  return fileName === 'dvc.lock' || (fileName.endsWith('.dvc') && fileName.length > '.dvc'.length);
}

function finish(found: FoundDvcFiles): FoundDvcFiles {
  found.files.sort();
  return found;
}
