import type { DockerOptions } from 'dockerode';
import * as https from 'node:https';
import * as os from 'node:os';
import { DeployError } from '../deployError';
import { currentContextEndpoint, dockerConfigDir } from './dockerContext';
import { type DockerTlsFiles, readTlsFiles, tlsFromEnvironment } from './dockerTls';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** Where the engine is, as dockerode wants it, and where the containers' host-network ports are reached. */
export interface DockerHost {
  /** as the user wrote it (or the default), for messages */
  uri: string;
  options: DockerOptions;
  /** the machine the engine runs on: containers on the host network listen there */
  servingHost: string;
  /** true when the engine runs on this machine, so its ports can be checked from here */
  local: boolean;
}

/**
 * The engine named by the setting, else DOCKER_HOST, else the current docker context (Docker Desktop,
 * colima), else the default socket, like the docker CLI. TLS for tcp engines: DOCKER_TLS_VERIFY,
 * DOCKER_TLS and DOCKER_CERT_PATH, or the context's own certificates.
 */
export function resolveDockerHost(setting: string | undefined, env: NodeJS.ProcessEnv, homeDir: string = os.homedir()): DockerHost {
  const explicit = setting?.trim() || env.DOCKER_HOST?.trim();
  if (explicit) return parseDockerHost(explicit, tlsFromEnvironment(env, dockerConfigDir(env, homeDir)));
  const context = currentContextEndpoint(env, homeDir);
  if (!context) return parseDockerHost(DEFAULT_DOCKER_HOST);
  const tls = context.tlsDir ? readTlsFiles(context.tlsDir, !context.skipTlsVerify, `docker context ${context.context}`) : null;
  return parseDockerHost(context.host, tls);
}

export function parseDockerHost(uri: string, tls: DockerTlsFiles | null = null): DockerHost {
  if (uri.startsWith('/')) return socketHost(uri, uri);
  const match = /^([a-z]+):\/\/(.*)$/.exec(uri);
  if (!match) throw invalid(uri);
  const [, scheme, rest] = match;
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw invalid(uri);
      return socketHost(uri, rest);
    case 'npipe':
      return { uri, options: { socketPath: rest.replace(/\//g, '\\') }, servingHost: '127.0.0.1', local: true };
    case 'tcp':
    case 'http':
    case 'https': {
      const address = /^\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(rest);
      if (!address) throw invalid(uri);
      const [, hostname, port] = address;
      const protocol = scheme === 'https' || tls ? 'https' : 'http';
      const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '::1';
      return {
        uri,
        options: { host: hostname, port: Number(port ?? (protocol === 'https' ? 2376 : 2375)), protocol, ...(tls ? tlsOptions(tls) : {}) },
        servingHost: local ? '127.0.0.1' : hostname,
        local,
      };
    }
    default:
      throw invalid(uri);
  }
}

/** docker-modem also takes an https agent, which dockerode's types leave out. */
type ModemTlsOptions = Pick<DockerOptions, 'ca' | 'cert' | 'key'> & { agent?: https.Agent };

function tlsOptions(tls: DockerTlsFiles): ModemTlsOptions {
  const files = { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) };
  // docker-modem passes no rejectUnauthorized; an agent's options take precedence over the request's.
  return tls.verify ? files : { ...files, agent: new https.Agent({ ...files, rejectUnauthorized: false }) };
}

function socketHost(uri: string, socketPath: string): DockerHost {
  return { uri, options: { socketPath }, servingHost: '127.0.0.1', local: true };
}

function invalid(uri: string): DeployError {
  return new DeployError(
    'INVALID_ARGUMENT',
    `"${uri}" is not a Docker host: use unix:///var/run/docker.sock, tcp://HOST:2375 or npipe:////./pipe/docker_engine (setting mlops.docker.host or DOCKER_HOST).`,
  );
}
