import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The open test registry of scripts/docker-test-env.sh, and a way to put an image in it without
// Docker: an OCI manifest with a config blob and no layers, uploaded over the Registry HTTP API V2
// (monolithic upload: POST /v2/<name>/blobs/uploads/, PUT <location>?digest=..., PUT manifest).

const SETUP = 'Run `bash scripts/docker-test-env.sh` (it starts the registry and writes /tmp/mlops-docker/env.json), or set MLOPS_TEST_REGISTRY.';

function setting(name: string): string {
  const file = path.join(process.env.MLOPS_DOCKER_DIR ?? '/tmp/mlops-docker', 'env.json');
  const written = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string> : {};
  const value = process.env[name] ?? written[name];
  if (!value) throw new Error(`The registry-backed fake Kubernetes tests need ${name} and it is not configured (${file} is missing or lacks it). ${SETUP}`);
  return value;
}

export function testRegistryHost(): string {
  return setting('MLOPS_TEST_REGISTRY');
}

export interface LoginRegistry {
  host: string;
  username: string;
  password: string;
}

/** The registry of scripts/docker-test-env.sh that wants a (Basic) login. */
export function loginRegistry(): LoginRegistry {
  return { host: setting('MLOPS_TEST_AUTH_REGISTRY'), username: setting('MLOPS_TEST_AUTH_REGISTRY_USER'), password: setting('MLOPS_TEST_AUTH_REGISTRY_PASSWORD') };
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

async function expectStatus(response: Response, expected: number, what: string): Promise<void> {
  if (response.status !== expected) throw new Error(`registry: ${what} answered ${response.status}: ${await response.text()}`);
}

/** Pushes a layerless image as `<host>/<repository>:<tag>`; returns the manifest digest. */
export async function pushTinyImage(host: string, repository: string, tag: string, login?: { username: string; password: string }): Promise<string> {
  const base = `http://${host}`;
  const auth: Record<string, string> = login ? { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` } : {};
  const fetch = (url: string | URL, init: RequestInit = {}) => globalThis.fetch(url, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });
  let ping: Response;
  try {
    ping = await fetch(`${base}/v2/`);
  } catch (error) {
    throw new Error(`The test registry at ${host} does not answer (${(error as Error).message}). ${SETUP}`);
  }
  await expectStatus(ping, 200, 'GET /v2/');
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] } }));
  const configDigest = sha256(config);
  const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  await expectStatus(start, 202, 'starting a blob upload');
  const location = new URL(start.headers.get('location') ?? '', base);
  location.searchParams.set('digest', configDigest);
  const upload = await fetch(location, { method: 'PUT', body: config, headers: { 'content-type': 'application/octet-stream' } });
  await expectStatus(upload, 201, 'uploading the config blob');
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [],
  }));
  const put = await fetch(`${base}/v2/${repository}/manifests/${tag}`, { method: 'PUT', body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
  await expectStatus(put, 201, 'putting the manifest');
  return sha256(manifest);
}
