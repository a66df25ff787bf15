import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files under `dir` (recursively) whose names end with `suffix`, sorted so runs are repeatable. */
export function findFiles(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findFiles(full, suffix);
      return entry.isFile() && entry.name.endsWith(suffix) ? [full] : [];
    })
    .sort();
}
