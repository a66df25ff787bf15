import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeployError } from '../deployError';

/** A `docker context` endpoint: where Docker Desktop, colima or a remote engine is when DOCKER_HOST is not set. */
export interface ContextEndpoint {
  context: string;
  host: string;
  skipTlsVerify: boolean;
  /** the folder holding ca.pem, cert.pem and key.pem when the context has TLS material */
  tlsDir: string | null;
}

/** The docker CLI's configuration folder: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  return env.DOCKER_CONFIG?.trim() || path.join(homeDir, '.docker');
}

/**
 * The endpoint of the context the docker CLI would use: DOCKER_CONTEXT, else `currentContext` in
 * config.json. Null for the built-in "default" context (DOCKER_HOST or the default socket).
 * Contexts live in contexts/meta/<sha256 of the name>/meta.json, as github.com/docker/cli's store writes them.
 */
export function currentContextEndpoint(env: NodeJS.ProcessEnv, homeDir: string): ContextEndpoint | null {
  const configDir = dockerConfigDir(env, homeDir);
  const name = env.DOCKER_CONTEXT?.trim() || configuredContext(configDir);
  if (!name || name === 'default') return null;
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  let meta: unknown;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `${metaFile} cannot be read (${(error as Error).message})`;
    throw new DeployError('INVALID_ARGUMENT', `The docker context "${name}" is in use (${env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : `currentContext in ${path.join(configDir, 'config.json')}`}), but ${why}. Run \`docker context use default\` or set mlops.docker.host.`);
  }
  const endpoint = (meta as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } }).Endpoints?.docker;
  if (typeof endpoint?.Host !== 'string' || !endpoint.Host) {
    throw new DeployError('INVALID_ARGUMENT', `The docker context "${name}" has no Docker endpoint in ${metaFile}.`);
  }
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  return { context: name, host: endpoint.Host, skipTlsVerify: endpoint.SkipTLSVerify === true, tlsDir: fs.existsSync(tlsDir) ? tlsDir : null };
}

function configuredContext(configDir: string): string | undefined {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' ? config.currentContext : undefined;
  } catch {
    // No config.json or an unreadable one: the docker CLI falls back to the default context too.
    return undefined;
  }
}
