// The credentials a push sends: explicit ones (the editor's secret storage, CLI variables),
// else the user's Docker login in ~/.docker/config.json (`auths`, base64 user:password or an
// identity token). Credential helpers are programs we do not run; they get a clear message.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError, describeFailure } from './buildErrors';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryAuth {
  /** what the engine receives in X-Registry-Auth, or null to push anonymously */
  config: { username?: string; password?: string; identitytoken?: string; serveraddress: string } | null;
  /** where it came from, for messages: "explicit credentials", "/home/u/.docker/config.json" */
  origin: string;
  /** a credential helper that holds this registry's login and that we could not use */
  unusedHelper: string | null;
}

export interface CredentialInputs {
  explicit?: RegistryCredentials;
  env: NodeJS.ProcessEnv;
  homeDir: string;
}

const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

export function registryAuthFor(registry: string | null, inputs: CredentialInputs): RegistryAuth {
  const host = normalizeHost(registry ?? 'index.docker.io');
  const serveraddress = host === 'index.docker.io' ? DOCKER_HUB_KEY : host;
  if (inputs.explicit?.username) {
    const { username, password } = inputs.explicit;
    return { config: { username, password, serveraddress }, origin: 'the given credentials', unusedHelper: null };
  }
  const file = path.join(inputs.env.DOCKER_CONFIG || path.join(inputs.homeDir, '.docker'), 'config.json');
  const config = readDockerConfig(file);
  if (config === null) return { config: null, origin: 'no credentials', unusedHelper: null };
  const entry = Object.entries(asRecord(config.auths)).find(([key]) => normalizeHost(key) === host)?.[1];
  const login = entry ? decodeEntry(asRecord(entry), file, host) : null;
  const helperName = asRecord(config.credHelpers)[host] ?? config.credsStore;
  const helper = typeof helperName === 'string' && helperName !== '' ? `docker-credential-${helperName}` : null;
  if (login) return { config: { ...login, serveraddress }, origin: file, unusedHelper: null };
  return { config: null, origin: file, unusedHelper: helper };
}

/** The message for a push the registry refused, naming what was sent and what to do. */
export function credentialsHint(auth: RegistryAuth, registry: string): string {
  if (auth.unusedHelper) {
    return `${auth.origin} keeps the login for ${registry} in the credential helper ${auth.unusedHelper}, which MLOps Studio does not support; set the registry credentials in MLOps Studio (or MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD for the CLI)`;
  }
  if (auth.config === null) return `no credentials were sent for ${registry}: run \`docker login ${registry}\` or set the registry credentials in MLOps Studio`;
  return `check the credentials from ${auth.origin} for ${registry} and that the account may push there`;
}

function readDockerConfig(file: string): Record<string, unknown> | null {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return asRecord(JSON.parse(content));
  } catch (error) {
    throw new BuildError('CREDENTIALS', `cannot read the Docker credentials in ${file}: ${describeFailure(error)}`, { cause: error });
  }
}

function decodeEntry(entry: Record<string, unknown>, file: string, host: string): { username?: string; password?: string; identitytoken?: string } | null {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') return { identitytoken: entry.identitytoken };
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new BuildError('CREDENTIALS', `the "auth" of ${host} in ${file} is not base64 of user:password; run \`docker login ${host}\` again`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password };
  return null;
}

// Keys appear as "host:port", "http://host:port" or "https://index.docker.io/v1/".
function normalizeHost(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0];
  return host === 'docker.io' || host === 'registry-1.docker.io' ? 'index.docker.io' : host;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
