import * as fs from 'node:fs';
import * as path from 'node:path';

/** The checkout's root, found from this file whether it runs from test/ or from its compiled copy in out/. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mlops-studio') {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`No mlops-studio package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
