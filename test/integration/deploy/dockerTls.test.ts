import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { DeployError } from '../../../src/core/deploy/deployError';
import { resolveDockerHost } from '../../../src/core/deploy/docker/dockerHost';
import { DockerTarget } from '../../../src/core/deploy/docker/dockerTarget';
import { makeTempDir } from '../../support/tempDir';
import { type DockerTestEnv, dockerTestEnv } from './dockerTestEnv';

function openssl(cwd: string, ...args: string[]): void {
  const run = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr}`);
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `dockerd --tlsverify` setups use. */
function makeCertificates(dir: string, caName: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${caName}`, '-keyout', 'ca-key.pem', '-out', 'ca.pem');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server-key.pem', '-out', 'server.csr');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', 'server.ext', '-out', 'server-cert.pem');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=client', '-keyout', 'key.pem', '-out', 'client.csr');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(dir, 'x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', 'client.ext', '-out', 'cert.pem');
}

/** A TLS front that requires a client certificate and relays to the test engine's socket: dockerd --tlsverify in miniature. */
async function startTlsFront(certs: string, socketPath: string): Promise<{ port: number; close: () => Promise<void> }> {
  const read = (name: string) => fs.readFileSync(path.join(certs, name));
  const server = tls.createServer({ key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true }, (client) => {
    const engine = net.connect(socketPath);
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a Docker engine behind TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) (real engine)', function () {
  this.timeout(60_000);
  let env: DockerTestEnv;
  let certs: string;
  let strangerCerts: string;
  let cleanup: () => void;
  let front: { port: number; close: () => Promise<void> };

  before(async function () {
    env = await dockerTestEnv();
    const socketPath = env.host.options.socketPath;
    if (!socketPath) throw new Error(`The TLS test relays to the test engine's unix socket, and ${env.host.uri} is not one.`);
    let root: string;
    ({ dir: root, cleanup } = makeTempDir('docker-tls'));
    certs = path.join(root, 'engine');
    strangerCerts = path.join(root, 'stranger');
    fs.mkdirSync(certs);
    fs.mkdirSync(strangerCerts);
    makeCertificates(certs, 'engine CA');
    makeCertificates(strangerCerts, 'some other CA');
    front = await startTlsFront(certs, socketPath);
  });
  after(async () => {
    await front?.close();
    cleanup?.();
  });

  it('talks to the engine with the client certificate and verifies it against ca.pem', async () => {
    const host = resolveDockerHost(undefined, { DOCKER_HOST: `tcp://127.0.0.1:${front.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    const info = await new DockerTarget(host).check({ signal: AbortSignal.timeout(30_000) });
    assert.match(info.version, /^Docker \d+\.\d+/);
  });

  it('refuses an engine whose certificate another CA signed, and says it cannot reach it', async () => {
    // The stranger's client certificate is refused by the front as well; either side failing must not pass.
    const host = resolveDockerHost(undefined, { DOCKER_HOST: `tcp://127.0.0.1:${front.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: strangerCerts });
    await assert.rejects(new DockerTarget(host).check({ signal: AbortSignal.timeout(30_000) }), (error: unknown) => {
      assert.ok(error instanceof DeployError, String(error));
      assert.equal(error.code, 'TARGET_UNAVAILABLE');
      assert.match(error.message, new RegExp(`^The Docker engine at tcp://127\\.0\\.0\\.1:${front.port} could not be reached over TLS: .*DOCKER_CERT_PATH`));
      return true;
    });
  });

  it('encrypts without verifying the engine with DOCKER_TLS alone', async () => {
    const clientOnly = path.join(strangerCerts, '..', 'client-only');
    fs.mkdirSync(clientOnly, { recursive: true });
    for (const name of ['cert.pem', 'key.pem']) fs.copyFileSync(path.join(certs, name), path.join(clientOnly, name));
    const host = resolveDockerHost(undefined, { DOCKER_HOST: `tcp://127.0.0.1:${front.port}`, DOCKER_TLS: '1', DOCKER_CERT_PATH: clientOnly });
    const info = await new DockerTarget(host).check({ signal: AbortSignal.timeout(30_000) });
    assert.match(info.version, /^Docker /);
  });
});
