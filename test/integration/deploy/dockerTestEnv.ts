import * as fs from 'node:fs';
import * as path from 'node:path';
import Docker from 'dockerode';
import { type DockerHost, parseDockerHost } from '../../../src/core/deploy/docker/dockerHost';

export interface DockerTestEnv {
  host: DockerHost;
  docker: Docker;
  /** static busybox with every applet linked in /bin (scripts/docker-test-env.sh) */
  busyboxImage: string;
}

const SETUP = 'Run `bash scripts/docker-test-env.sh` (it starts a dockerd and writes /tmp/mlops-docker/env.json), or set MLOPS_DOCKER_HOST and MLOPS_BUSYBOX_IMAGE.';

/**
 * The Docker engine the deploy tests run against: MLOPS_DOCKER_HOST, else what
 * scripts/docker-test-env.sh wrote. Without one the tests fail and say how to get one: a deploy
 * test that skips would pass on a machine that cannot deploy.
 */
export async function dockerTestEnv(): Promise<DockerTestEnv> {
  const file = path.join(process.env.MLOPS_DOCKER_DIR ?? '/tmp/mlops-docker', 'env.json');
  let written: Record<string, string> = {};
  if (fs.existsSync(file)) written = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  const uri = process.env.MLOPS_DOCKER_HOST ?? written.MLOPS_DOCKER_HOST;
  const busyboxImage = process.env.MLOPS_BUSYBOX_IMAGE ?? written.MLOPS_BUSYBOX_IMAGE;
  if (!uri || !busyboxImage) throw new Error(`The deploy tests need a Docker engine and none is configured (${file} is missing). ${SETUP}`);
  const host = parseDockerHost(uri);
  const docker = new Docker(host.options);
  try {
    await docker.ping();
  } catch (error) {
    throw new Error(`The deploy tests need a Docker engine, and the one at ${uri} does not answer (${(error as Error).message}). ${SETUP}`);
  }
  try {
    await docker.getImage(busyboxImage).inspect();
  } catch {
    throw new Error(`The deploy tests build on ${busyboxImage}, which the engine at ${uri} does not have. ${SETUP}`);
  }
  return { host, docker, busyboxImage };
}
