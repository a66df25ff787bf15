import type { DockerOptions } from 'dockerode';
import { DeployError } from '../deployError';

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

/** The engine named by the setting, else DOCKER_HOST, else the default socket, like the docker CLI. */
export function resolveDockerHost(setting: string | undefined, env: NodeJS.ProcessEnv): DockerHost {
  const uri = setting?.trim() || env.DOCKER_HOST?.trim() || DEFAULT_DOCKER_HOST;
  return parseDockerHost(uri);
}

export function parseDockerHost(uri: string): DockerHost {
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
      const protocol = scheme === 'https' ? 'https' : 'http';
      const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '::1';
      return {
        uri,
        options: { host: hostname, port: Number(port ?? (protocol === 'https' ? 2376 : 2375)), protocol },
        servingHost: local ? '127.0.0.1' : hostname,
        local,
      };
    }
    default:
      throw invalid(uri);
  }
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
