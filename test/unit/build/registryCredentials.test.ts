import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError } from '../../../src/core/build';
import { readHostPipSettings } from '../../../src/core/build/hostPipSettings';
import { credentialsHint, registryAuthFor } from '../../../src/core/build/registryCredentials';
import { makeTempDir } from '../../support/tempDir';

describe('registry credentials and host pip settings', () => {
  let temp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    temp = makeTempDir('credentials');
  });
  afterEach(() => temp.cleanup());

  const dockerConfig = (content: unknown) => {
    fs.mkdirSync(path.join(temp.dir, 'docker'), { recursive: true });
    fs.writeFileSync(path.join(temp.dir, 'docker', 'config.json'), typeof content === 'string' ? content : JSON.stringify(content));
    return { env: { DOCKER_CONFIG: path.join(temp.dir, 'docker') }, homeDir: temp.dir };
  };

  it('uses given credentials first', () => {
    const auth = registryAuthFor('reg:5000', { explicit: { username: 'u', password: 'p' }, env: {}, homeDir: temp.dir });
    assert.deepEqual(auth.config, { username: 'u', password: 'p', serveraddress: 'reg:5000' });
  });

  it('decodes the Docker login of DOCKER_CONFIG (auth, identity token), matching keys written with a scheme', () => {
    const inputs = dockerConfig({
      auths: {
        'http://reg:5000': { auth: Buffer.from('me:pa:ss').toString('base64') },
        'other:443': { identitytoken: 'tok' },
        'https://index.docker.io/v1/': { username: 'hub', password: 'h' },
      },
    });
    assert.deepEqual(registryAuthFor('reg:5000', inputs).config, { username: 'me', password: 'pa:ss', serveraddress: 'reg:5000' });
    assert.deepEqual(registryAuthFor('other:443', inputs).config, { identitytoken: 'tok', serveraddress: 'other:443' });
    assert.deepEqual(registryAuthFor(null, inputs).config, { username: 'hub', password: 'h', serveraddress: 'https://index.docker.io/v1/' });
    assert.deepEqual(registryAuthFor('docker.io', inputs).config?.username, 'hub', 'docker.io/team/x pushes with the Docker Hub login');
    assert.equal(registryAuthFor('unknown:1', inputs).config, null);
  });

  it('reads ~/.docker/config.json without DOCKER_CONFIG', () => {
    fs.mkdirSync(path.join(temp.dir, '.docker'));
    fs.writeFileSync(path.join(temp.dir, '.docker', 'config.json'), JSON.stringify({ auths: { 'reg:1': { auth: Buffer.from('a:b').toString('base64') } } }));
    assert.equal(registryAuthFor('reg:1', { env: {}, homeDir: temp.dir }).origin, path.join(temp.dir, '.docker', 'config.json'));
  });

  it('says when the login is in a credential helper, and what to do about a refusal', () => {
    const inputs = dockerConfig({ credHelpers: { 'reg:5000': 'ecr-login' }, credsStore: 'desktop' });
    const helped = registryAuthFor('reg:5000', inputs);
    assert.equal(helped.config, null);
    assert.equal(helped.unusedHelper, 'docker-credential-ecr-login');
    assert.match(credentialsHint(helped, 'reg:5000'), /credential helper docker-credential-ecr-login, which MLOps Studio does not support/);
    assert.equal(registryAuthFor('x:1', inputs).unusedHelper, 'docker-credential-desktop');
    assert.match(credentialsHint({ config: null, origin: 'no credentials', unusedHelper: null }, 'r:1'), /no credentials were sent for r:1: run `docker login r:1`/);
  });

  it('refuses a config file that is not JSON, or an auth that is not user:password, naming the file', () => {
    assert.throws(() => registryAuthFor('r:1', dockerConfig('{nope')), (e: unknown) => e instanceof BuildError && e.code === 'CREDENTIALS' && e.message.includes('config.json'));
    assert.throws(() => registryAuthFor('r:1', dockerConfig({ auths: { 'r:1': { auth: Buffer.from('nocolon').toString('base64') } } })), /is not base64 of user:password/);
  });

  it('reads pip settings like pip: config files in order, PIP_* variables over them, the CA bundle only if it exists', () => {
    const globalFile = path.join(temp.dir, 'pip.conf');
    const userFile = path.join(temp.dir, '.config', 'pip', 'pip.conf');
    const ca = path.join(temp.dir, 'ca.pem');
    fs.writeFileSync(ca, 'CERT');
    fs.writeFileSync(globalFile, `[global]\nindex-url = https://global/simple\ntrusted-host = a b\ncert = ${ca}\n`);
    fs.mkdirSync(path.dirname(userFile), { recursive: true });
    fs.writeFileSync(userFile, '[install]\nextra-index-url = https://extra/simple\n');
    const settings = readHostPipSettings({ env: {}, homeDir: temp.dir, globalFiles: [globalFile] });
    assert.deepEqual(settings, { indexUrl: 'https://global/simple', extraIndexUrls: ['https://extra/simple'], trustedHosts: ['a', 'b'], caBundle: ca, proxy: {} });
    const fromEnv = readHostPipSettings({ env: { PIP_INDEX_URL: 'https://env/simple', PIP_CERT: path.join(temp.dir, 'missing.pem') }, homeDir: temp.dir, globalFiles: [globalFile] });
    assert.equal(fromEnv.indexUrl, 'https://env/simple');
    assert.equal(fromEnv.caBundle, undefined);
    assert.deepEqual(readHostPipSettings({ env: { PIP_CONFIG_FILE: '/dev/null' }, homeDir: temp.dir, globalFiles: [globalFile] }), { indexUrl: undefined, extraIndexUrls: [], trustedHosts: [], caBundle: undefined, proxy: {} });
    assert.deepEqual(readHostPipSettings({ env: { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'localhost', HTTP_PROXY: ' ' }, homeDir: temp.dir, globalFiles: [] }).proxy, { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'localhost' });
  });
});
