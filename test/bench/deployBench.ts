import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

interface DeployFigures {
  rounds: number;
  reference_ms: number;
  first_deploy_ms: number;
  update_ms: number;
  docker_host: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (value: number) => `${value.toFixed(2)}x`;

/** Runs deployMeasure.js in a fresh process and prints its figures as ratios to `docker run` of the same image. */
export function benchDeploy(rounds = 5): void {
  const script = path.join(__dirname, 'deployMeasure.js');
  const result = spawnSync(process.execPath, [script, String(rounds)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`deployMeasure.js failed:\n${result.stderr}`);
  const f = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as DeployFigures;
  console.log(
    `  deploy to healthy (trial on a spare port, then switch): first revision ${seconds(f.first_deploy_ms)}, next revision ${seconds(f.update_ms)}; ` +
      `docker run to first /ping 200 ${seconds(f.reference_ms)}  ->  ${ratio(f.first_deploy_ms / f.reference_ms)} and ${ratio(f.update_ms / f.reference_ms)} the docker run (median of ${f.rounds})`,
  );
}

if (require.main === module) {
  console.log('time from "deploy" to healthy on the Docker engine (busybox scoring image)');
  benchDeploy(Number(process.argv[2] ?? 5));
}
