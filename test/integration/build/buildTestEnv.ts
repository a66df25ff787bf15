import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError, type DockerEngine, connectDockerEngine } from '../../../src/core/build';

export interface BuildTestEnv {
  engine: DockerEngine;
  /** the open registry (no login) */
  registry: string;
  /** the registry that accepts pushes only with `login` */
  authRegistry: string;
  login: { username: string; password: string };
  /** Debian 12 with python3, venv and pip: the serving images' FROM here (there is no Docker Hub) */
  pythonImage: string;
  busyboxImage: string;
}

const SETUP = 'Run `bash scripts/docker-test-env.sh` (it starts a dockerd and the registries and writes /tmp/mlops-docker/env.json).';

/**
 * The engine and registries of scripts/docker-test-env.sh (variables of the same names override
 * them). Without them the tests fail and say how to get them: a build test that skips would pass
 * on a machine that cannot build.
 */
export async function buildTestEnv(): Promise<BuildTestEnv> {
  const file = path.join(process.env.MLOPS_DOCKER_DIR ?? '/tmp/mlops-docker', 'env.json');
  const written = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const value = (name: string): string => {
    const found = process.env[name] ?? written[name];
    if (!found) throw new Error(`The build tests need ${name} and it is not set (${file} is missing or lacks it). ${SETUP}`);
    return found;
  };
  const engine = connectDockerEngine({ setting: value('MLOPS_DOCKER_HOST'), env: {} });
  try {
    await engine.docker.ping();
  } catch (error) {
    throw new Error(`The build tests need a Docker engine, and the one at ${engine.host.uri} does not answer (${(error as Error).message}). ${SETUP}`);
  }
  const env: BuildTestEnv = {
    engine,
    registry: value('MLOPS_TEST_REGISTRY'),
    authRegistry: value('MLOPS_TEST_AUTH_REGISTRY'),
    login: { username: value('MLOPS_TEST_AUTH_REGISTRY_USER'), password: value('MLOPS_TEST_AUTH_REGISTRY_PASSWORD') },
    pythonImage: value('MLOPS_BASE_IMAGE'),
    busyboxImage: value('MLOPS_BUSYBOX_IMAGE'),
  };
  for (const image of [env.pythonImage, env.busyboxImage]) {
    try {
      await engine.docker.getImage(image).inspect();
    } catch {
      throw new Error(`The build tests build FROM ${image}, which the engine at ${engine.host.uri} does not have. ${SETUP}`);
    }
  }
  return env;
}

/** The BuildError a build ends with; fails the test when it succeeds or throws anything else. */
export async function rejection(work: Promise<unknown>): Promise<BuildError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof BuildError, `expected a BuildError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}
