import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeployError } from '../../../src/core/deploy/deployError';
import { resolveDockerHost } from '../../../src/core/deploy/docker/dockerHost';
import { makeTempDir } from '../../support/tempDir';

/** Writes a context the way `docker context create NAME --docker host=HOST` does. */
function writeContext(configDir: string, name: string, host: string, options: { skipTlsVerify?: boolean; tls?: Record<string, string> } = {}): void {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = path.join(configDir, 'contexts', 'meta', id);
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipTlsVerify ?? false } } }));
  if (options.tls) {
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    fs.mkdirSync(tlsDir, { recursive: true });
    for (const [file, text] of Object.entries(options.tls)) fs.writeFileSync(path.join(tlsDir, file), text);
  }
}

describe('docker host from docker contexts and TLS variables', () => {
  let home: string;
  let cleanup: () => void;
  let configDir: string;
  beforeEach(() => {
    ({ dir: home, cleanup } = makeTempDir('docker-home'));
    configDir = path.join(home, '.docker');
    fs.mkdirSync(configDir);
  });
  afterEach(() => cleanup());

  it('uses the current context of config.json when neither the setting nor DOCKER_HOST names an engine', () => {
    writeContext(configDir, 'desktop-linux', `unix://${home}/.docker/desktop/docker.sock`);
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'desktop-linux' }));
    const host = resolveDockerHost(undefined, {}, home);
    assert.equal(host.uri, `unix://${home}/.docker/desktop/docker.sock`);
    assert.deepEqual(host.options, { socketPath: `${home}/.docker/desktop/docker.sock` });
    assert.equal(resolveDockerHost(undefined, { DOCKER_HOST: 'tcp://x:2375' }, home).uri, 'tcp://x:2375');
    assert.equal(resolveDockerHost('unix:///tmp/d.sock', {}, home).uri, 'unix:///tmp/d.sock');
  });

  it('prefers DOCKER_CONTEXT to config.json, finds DOCKER_CONFIG, and treats "default" as no context', () => {
    const other = path.join(home, 'elsewhere');
    writeContext(other, 'colima', 'unix:///home/me/.colima/default/docker.sock');
    writeContext(other, 'remote', 'tcp://10.1.2.3:2375');
    fs.writeFileSync(path.join(other, 'config.json'), JSON.stringify({ currentContext: 'colima' }));
    assert.equal(resolveDockerHost(undefined, { DOCKER_CONFIG: other }, home).uri, 'unix:///home/me/.colima/default/docker.sock');
    assert.equal(resolveDockerHost(undefined, { DOCKER_CONFIG: other, DOCKER_CONTEXT: 'remote' }, home).uri, 'tcp://10.1.2.3:2375');
    assert.equal(resolveDockerHost(undefined, { DOCKER_CONFIG: other, DOCKER_CONTEXT: 'default' }, home).uri, 'unix:///var/run/docker.sock');
    fs.writeFileSync(path.join(configDir, 'config.json'), '{ not json');
    assert.equal(resolveDockerHost(undefined, {}, home).uri, 'unix:///var/run/docker.sock');
  });

  it('says which context is missing and how to get out of it', () => {
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    assert.throws(
      () => resolveDockerHost(undefined, {}, home),
      (error: unknown) => error instanceof DeployError && error.code === 'INVALID_ARGUMENT' && /docker context "gone" is in use \(currentContext in .*config\.json\), but it does not exist\. Run `docker context use default`/.test(error.message),
    );
  });

  it('takes TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as the docker CLI does', () => {
    const certs = path.join(home, 'certs');
    fs.mkdirSync(certs);
    for (const name of ['ca', 'cert', 'key']) fs.writeFileSync(path.join(certs, `${name}.pem`), `${name} pem`);
    const host = resolveDockerHost(undefined, { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home);
    assert.equal(host.options.protocol, 'https');
    assert.equal(host.options.port, 2376);
    assert.equal(String(host.options.ca), 'ca pem');
    assert.equal(String(host.options.cert), 'cert pem');
    assert.equal(String(host.options.key), 'key pem');
    assert.equal((host.options as { agent?: unknown }).agent, undefined, 'a verifying client uses the default agent');
    assert.equal(resolveDockerHost(undefined, { DOCKER_HOST: 'tcp://docker.example' }, home).options.protocol, 'http');
    assert.equal(resolveDockerHost(undefined, { DOCKER_HOST: 'tcp://docker.example', DOCKER_TLS: '1', DOCKER_CERT_PATH: certs }, home).options.port, 2376);
  });

  it('refuses to verify an engine without its CA, naming the file', () => {
    assert.throws(
      () => resolveDockerHost(undefined, { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1' }, home),
      (error: unknown) => error instanceof DeployError && error.message === `TLS verification of the Docker engine needs ${path.join(configDir, 'ca.pem')} (DOCKER_CERT_PATH), and it does not exist.`,
    );
  });

  it("uses a context's own TLS material and its SkipTLSVerify", () => {
    writeContext(configDir, 'secure', 'tcp://docker.example:2376', { tls: { 'ca.pem': 'ctx ca', 'cert.pem': 'ctx cert', 'key.pem': 'ctx key' } });
    writeContext(configDir, 'lax', 'tcp://docker.example:2376', { skipTlsVerify: true, tls: { 'cert.pem': 'ctx cert', 'key.pem': 'ctx key' } });
    const secure = resolveDockerHost(undefined, { DOCKER_CONTEXT: 'secure' }, home);
    assert.equal(secure.options.protocol, 'https');
    assert.equal(String(secure.options.ca), 'ctx ca');
    const lax = resolveDockerHost(undefined, { DOCKER_CONTEXT: 'lax' }, home);
    assert.equal(lax.options.protocol, 'https');
    const agent = (lax.options as { agent?: { options: { rejectUnauthorized?: boolean } } }).agent;
    assert.equal(agent?.options.rejectUnauthorized, false);
  });
});
