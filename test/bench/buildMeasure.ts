// Building one context through our builder (tar packed on the fly with .dockerignore, dockerode,
// progress parsed event by event) next to `docker build` of the same context with the classic
// builder (DOCKER_BUILDKIT=0, what the engine API builds with), no cache, alternating, ROUNDS times.
// Prints one JSON line of medians. Usage: node buildMeasure.js [rounds]
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DockerEngine } from '../../src/core/build';
import { buildImage } from '../../src/core/build/imageBuild';
import { buildTestEnv } from '../integration/build/buildTestEnv';

const LABEL = 'org.mlops-studio.bench';
const RUN_ID = `build${process.pid}`;

/** A small workspace: a few MB of files, some left out by .dockerignore, and a few COPY/RUN steps. */
function writeContext(dir: string, base: string): void {
  fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dir, 'app', `part${i}.bin`), crypto.randomBytes(128 * 1024));
  for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(dir, 'data', `ignored${i}.bin`), crypto.randomBytes(512 * 1024));
  fs.writeFileSync(path.join(dir, 'app', 'serve.sh'), '#!/bin/sh\necho serving\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'data\n*.log\n');
  fs.writeFileSync(path.join(dir, 'build.log'), 'left out\n');
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      `FROM ${base}`,
      'WORKDIR /srv',
      'COPY app/ /srv/app/',
      'RUN cat /srv/app/*.bin | wc -c > /srv/size',
      'RUN for i in $(seq 1 500); do echo "line $i"; done',
      'ENV MODE=bench',
      'COPY app/serve.sh /srv/serve.sh',
      'RUN test ! -e /srv/data && test "$(cat /srv/size)" -gt 0',
      'CMD ["/srv/serve.sh"]',
      '',
    ].join('\n'),
  );
}

async function ours(engine: DockerEngine, dir: string, tag: string): Promise<number> {
  const started = performance.now();
  await buildImage({
    engine,
    context: [{ kind: 'tree', source: dir, target: '', dockerignore: true, alwaysSend: ['Dockerfile'] }],
    dockerfile: 'Dockerfile',
    tag,
    labels: { [LABEL]: RUN_ID },
    noCache: true,
  });
  return performance.now() - started;
}

function dockerBuild(host: string, dir: string, tag: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // The same request as ours: host network, intermediate containers removed even on failure.
    const args = ['build', '--no-cache', '--network', 'host', '--force-rm', '--label', `${LABEL}=${RUN_ID}`, '-t', tag, dir];
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '0' } });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`docker ${args.join(' ')} failed (${code}): ${err}`))));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(rounds: number): Promise<object> {
  const env = await buildTestEnv();
  const engine = env.engine;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-build-'));
  const oursMs: number[] = [];
  const cliMs: number[] = [];
  try {
    writeContext(dir, env.busyboxImage);
    // One unmeasured build of each warms the page cache and the engine's metadata for both.
    for (let round = 0; round <= rounds; round++) {
      // Alternating who goes first, so neither always meets the engine right after the other's cleanup.
      const pair = round % 2 === 0 ? [true, false] : [false, true];
      for (const isOurs of pair) {
        const tag = `mlops-bench/build:${isOurs ? 'ours' : 'cli'}${round}`;
        const ms = isOurs ? await ours(engine, dir, tag) : await dockerBuild(env.engine.host.uri, dir, tag);
        if (round > 0) (isOurs ? oursMs : cliMs).push(ms);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    const images = await engine.docker.listImages({ filters: { label: [`${LABEL}=${RUN_ID}`] } });
    for (const image of images) await engine.docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
  }
  return { rounds, ours_ms: median(oursMs), docker_build_ms: median(cliMs), ours_all_ms: oursMs, docker_build_all_ms: cliMs, docker_host: env.engine.host.uri };
}

main(Number(process.argv[2] ?? 5)).then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
