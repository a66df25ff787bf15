import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

interface BuildFigures {
  rounds: number;
  ours_ms: number;
  docker_build_ms: number;
  docker_host: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Runs buildMeasure.js in a fresh process and prints our build time as a ratio to `docker build` of the same context. */
export function benchBuild(rounds = 7): void {
  const script = path.join(__dirname, 'buildMeasure.js');
  const result = spawnSync(process.execPath, [script, String(rounds)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`buildMeasure.js failed:\n${result.stderr}`);
  const f = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as BuildFigures;
  console.log(
    `  build (busybox context, ~3 MB sent, 8 steps, no cache): ours ${seconds(f.ours_ms)}, docker build (classic builder) ${seconds(f.docker_build_ms)}  ->  ` +
      `${(f.ours_ms / f.docker_build_ms).toFixed(2)}x the docker build (target <= 1.1x; median of ${f.rounds}, alternating)`,
  );
}

if (require.main === module) {
  console.log('image build through our builder against docker build of the same context');
  benchBuild(Number(process.argv[2] ?? 7));
}
