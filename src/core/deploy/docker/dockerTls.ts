import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeployError } from '../deployError';

export interface DockerTlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** false for DOCKER_TLS without DOCKER_TLS_VERIFY, or a context's SkipTLSVerify */
  verify: boolean;
}

/**
 * TLS for a tcp engine as the docker CLI sets it up: DOCKER_TLS_VERIFY (any value) verifies the
 * engine against ca.pem, DOCKER_TLS alone encrypts without verifying; the client certificate and key
 * come from DOCKER_CERT_PATH, else the config folder. Null when neither variable asks for TLS.
 */
export function tlsFromEnvironment(env: NodeJS.ProcessEnv, configDir: string): DockerTlsFiles | null {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return null;
  return readTlsFiles(env.DOCKER_CERT_PATH?.trim() || configDir, verify, 'DOCKER_CERT_PATH');
}

/** The files of a folder holding ca.pem, cert.pem and key.pem; a missing one is left out, an unreadable one is an error. */
export function readTlsFiles(dir: string, verify: boolean, settingName: string): DockerTlsFiles {
  const files: DockerTlsFiles = { verify };
  for (const name of ['ca', 'cert', 'key'] as const) {
    const file = path.join(dir, `${name}.pem`);
    try {
      files[name] = fs.readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new DeployError('INVALID_ARGUMENT', `${file} (${settingName}) cannot be read: ${(error as Error).message}`);
    }
  }
  if (verify && !files.ca) {
    throw new DeployError('INVALID_ARGUMENT', `TLS verification of the Docker engine needs ${path.join(dir, 'ca.pem')} (${settingName}), and it does not exist.`);
  }
  return files;
}
