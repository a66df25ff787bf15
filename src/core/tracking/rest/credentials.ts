// Which Authorization header to send, following mlflow/utils/credentials.py and
// rest_utils.http_request: username and password (basic) when both are known, else a token
// (bearer); never both.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { iniValue, parseIni } from './iniFile';

export interface RestCredentials {
  username?: string;
  password?: string;
  token?: string;
}

export interface CredentialSources {
  /** from the extension's SecretStorage: when usable, they replace everything else */
  explicit?: RestCredentials;
  /** `user:password@` in the tracking URI, which Python's requests sends as basic auth */
  uriUserInfo?: { username: string; password: string };
  env: NodeJS.ProcessEnv;
  homeDir: string;
}

export type AuthScheme = 'basic' | 'bearer' | 'none';

export interface Authorization {
  scheme: AuthScheme;
  /** the header value; never logged */
  header: string | null;
}

export function resolveAuthorization(sources: CredentialSources): Authorization {
  const explicit = fromParts(sources.explicit ?? {});
  if (explicit.scheme !== 'none') return explicit;
  if (sources.uriUserInfo && sources.uriUserInfo.username !== '') {
    return basic(sources.uriUserInfo.username, sources.uriUserInfo.password);
  }
  const file = readCredentialsFile(sources.homeDir);
  // MLflow takes each of username and password from the environment, else from the file.
  return fromParts({
    username: sources.env.MLFLOW_TRACKING_USERNAME || file.username,
    password: sources.env.MLFLOW_TRACKING_PASSWORD || file.password,
    token: sources.env.MLFLOW_TRACKING_TOKEN,
  });
}

function fromParts(parts: RestCredentials): Authorization {
  if (parts.username && parts.password) return basic(parts.username, parts.password);
  if (parts.token) return { scheme: 'bearer', header: `Bearer ${parts.token}` };
  return { scheme: 'none', header: null };
}

function basic(username: string, password: string): Authorization {
  return { scheme: 'basic', header: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` };
}

/** ~/.mlflow/credentials, section [mlflow], keys mlflow_tracking_username / _password. */
function readCredentialsFile(homeDir: string): { username?: string; password?: string } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(homeDir, '.mlflow', 'credentials'), 'utf8');
  } catch {
    return {};
  }
  const sections = parseIni(text);
  return {
    username: iniValue(sections, 'mlflow', 'mlflow_tracking_username'),
    password: iniValue(sections, 'mlflow', 'mlflow_tracking_password'),
  };
}

export function defaultHomeDir(env: NodeJS.ProcessEnv): string {
  // Python's os.path.expanduser reads HOME first.
  return env.HOME || os.homedir();
}
