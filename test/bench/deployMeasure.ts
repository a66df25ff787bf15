// Time from "deploy" to healthy on the real Docker engine, next to `docker run` of the same image
// until its first `GET /ping` 200, measured in one process, one after the other, ROUNDS times.
// Prints one JSON line of medians. Usage: node deployMeasure.js [rounds]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { RolloutPolicy } from '../../src/core/deploy/deploymentTarget';
import { DockerTarget } from '../../src/core/deploy/docker/dockerTarget';
import { sparePort } from '../../src/core/deploy/localPorts';
import { pingHealthy } from '../../src/core/deploy/scoringHttp';
import { dockerTestEnv } from '../integration/deploy/dockerTestEnv';
import { removeTestDeployments, scoringImage } from '../integration/deploy/scoringImages';

const PREFIX = `bench${process.pid}-`;
const POLICY: RolloutPolicy = { healthTimeoutMs: 60_000, autoRollback: true, revisionHistoryLimit: 5 };
// The reference asks as often as it can usefully: its figure is the fastest a start can be seen.
const REFERENCE_POLL_MS = 10;

function docker(host: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['-H', host, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`docker ${args.join(' ')} failed (${code}): ${err}`))));
  });
}

async function untilPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pingHealthy(`http://127.0.0.1:${port}`, 1_000, AbortSignal.timeout(5_000)))) {
    if (Date.now() > deadline) throw new Error(`nothing answered /ping on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, REFERENCE_POLL_MS));
  }
}

/** `docker run -d --network host -e PORT=p IMAGE` until the first /ping 200, then the container goes. */
async function referenceRun(host: string, image: string): Promise<number> {
  const port = await sparePort();
  const started = performance.now();
  const id = await docker(host, ['run', '-d', '--network', 'host', '-e', `PORT=${port}`, '--label', `org.mlops-studio.bench=${PREFIX}`, image]);
  await untilPing(port, 60_000);
  const elapsed = performance.now() - started;
  await docker(host, ['rm', '-f', id]);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(rounds: number): Promise<object> {
  const env = await dockerTestEnv();
  const target = new DockerTarget(env.host);
  const model = (version: string) => ({ name: 'bench-model', version });
  const v1 = await scoringImage(env.docker, env.busyboxImage, { version: 'v1', model: model('1') });
  const v2 = await scoringImage(env.docker, env.busyboxImage, { version: 'v2', model: model('2') });
  const reference: number[] = [];
  const first: number[] = [];
  const update: number[] = [];
  try {
    // One unmeasured round of each, so the page cache and the engine's image metadata are warm for all.
    await referenceRun(env.host.uri, v1);
    for (let round = 0; round <= rounds; round++) {
      const name = `${PREFIX}r${round}`;
      const port = await sparePort();
      const call = () => ({ signal: AbortSignal.timeout(120_000), policy: POLICY });
      let started = performance.now();
      await target.deploy({ name, image: v1, model: model('1'), port }, call());
      const firstMs = performance.now() - started;
      started = performance.now();
      await target.deploy({ name, image: v2, model: model('2') }, call());
      const updateMs = performance.now() - started;
      await target.remove(name, { signal: AbortSignal.timeout(60_000) });
      const referenceMs = await referenceRun(env.host.uri, v1);
      if (round === 0) continue;
      first.push(firstMs);
      update.push(updateMs);
      reference.push(referenceMs);
    }
  } finally {
    await removeTestDeployments(env.docker, PREFIX);
  }
  return { rounds, reference_ms: median(reference), first_deploy_ms: median(first), update_ms: median(update), docker_host: env.host.uri };
}

main(Number(process.argv[2] ?? 5)).then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
