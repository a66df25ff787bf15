import * as path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../support/repoRoot';

/** The worker as the extension ships it: trackingWorker.ts bundled by esbuild. */
export async function bundleWorker(dir: string): Promise<string> {
  const outfile = path.join(dir, 'trackingWorker.js');
  await build({
    entryPoints: [path.join(repoRoot, 'src', 'core', 'tracking', 'worker', 'trackingWorker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return outfile;
}
