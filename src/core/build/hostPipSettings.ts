// The pip settings of this machine that a build needs to reach the same package index: the
// index URLs, trusted hosts and the CA bundle (behind a TLS-inspecting proxy, pip in the image
// cannot verify PyPI without it). Read like pip does: config files, then PIP_* variables.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { iniValue, parseIni } from '../tracking/rest/iniFile';

export interface PipSettings {
  indexUrl?: string;
  extraIndexUrls: string[];
  trustedHosts: string[];
  /** a CA bundle file on this machine, copied into the build context */
  caBundle?: string;
  /** HTTP(S)_PROXY and NO_PROXY as this machine's environment sets them (the engine's predefined build arguments) */
  proxy?: Record<string, string>;
}

/** Build arguments the engine knows without an ARG line, and keeps out of the image's history. */
export const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy'];

export interface PipSettingsInputs {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** the global config files; Debian's pip reads /etc/xdg/pip/pip.conf and /etc/pip.conf */
  globalFiles?: string[];
}

export function readHostPipSettings(inputs: PipSettingsInputs): PipSettings {
  const values = new Map<string, string>();
  for (const file of configFiles(inputs)) {
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const sections = parseIni(content);
    for (const key of ['index-url', 'extra-index-url', 'trusted-host', 'cert']) {
      const value = iniValue(sections, 'install', key) ?? iniValue(sections, 'global', key);
      if (value !== undefined) values.set(key, value);
    }
  }
  const env = inputs.env;
  const pick = (key: string, variable: string) => nonEmpty(env[variable]) ?? values.get(key);
  const caBundle = pick('cert', 'PIP_CERT') ?? nonEmpty(env.REQUESTS_CA_BUNDLE);
  return {
    indexUrl: pick('index-url', 'PIP_INDEX_URL'),
    extraIndexUrls: words(pick('extra-index-url', 'PIP_EXTRA_INDEX_URL')),
    trustedHosts: words(pick('trusted-host', 'PIP_TRUSTED_HOST')),
    caBundle: caBundle && isFile(caBundle) ? caBundle : undefined,
    proxy: Object.fromEntries(PROXY_VARIABLES.flatMap((name) => (nonEmpty(env[name]) ? [[name, nonEmpty(env[name]) as string]] : []))),
  };
}

// pip's order; a later file overrides an earlier one. PIP_CONFIG_FILE=os.devnull turns them off.
function configFiles(inputs: PipSettingsInputs): string[] {
  const explicit = inputs.env.PIP_CONFIG_FILE;
  if (explicit === '/dev/null') return [];
  const xdgConfig = inputs.env.XDG_CONFIG_HOME || path.join(inputs.homeDir, '.config');
  const files = [
    ...(inputs.globalFiles ?? ['/etc/xdg/pip/pip.conf', '/etc/pip.conf']),
    path.join(inputs.homeDir, '.pip', 'pip.conf'),
    path.join(xdgConfig, 'pip', 'pip.conf'),
  ];
  return explicit ? [...files, explicit] : files;
}

function words(value: string | undefined): string[] {
  return value ? value.split(/\s+/).filter((w) => w !== '') : [];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
