import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Disposable } from './types';

const DEBOUNCE_MS = 200;

/**
 * Calls `onChange` (debounced) when any of `files` is created, changed or removed. Watches their
 * directories rather than the files, because SQLite and MLflow replace and delete them.
 */
export function watchFiles(files: string[], onChange: () => void, debounceMs = DEBOUNCE_MS): Disposable {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = path.dirname(file);
    const names = byDir.get(dir) ?? new Set<string>();
    names.add(path.basename(file));
    byDir.set(dir, names);
  }
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };
  const watchers: fs.FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names.has(name.toString())) fire();
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // A directory that does not exist yet cannot be watched; the caller refreshes on demand.
    }
  }
  return {
    dispose() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const watcher of watchers) watcher.close();
    },
  };
}
