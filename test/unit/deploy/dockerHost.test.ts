import * as assert from 'node:assert/strict';
import { DeployError } from '../../../src/core/deploy/deployError';
import { deploymentNameProblem, portProblem, suggestDeploymentName } from '../../../src/core/deploy/deploymentName';
import { parseDockerHost, resolveDockerHost } from '../../../src/core/deploy/docker/dockerHost';

describe('docker host and deployment names', () => {
  it('takes the setting, then DOCKER_HOST, then the default socket', () => {
    assert.equal(resolveDockerHost(' unix:///tmp/d.sock ', { DOCKER_HOST: 'tcp://x:2375' }).uri, 'unix:///tmp/d.sock');
    assert.equal(resolveDockerHost('', { DOCKER_HOST: 'tcp://x:2375' }).uri, 'tcp://x:2375');
    assert.equal(resolveDockerHost(undefined, {}).uri, 'unix:///var/run/docker.sock');
  });

  it('understands unix sockets, paths, tcp and named pipes', () => {
    assert.deepEqual(parseDockerHost('unix:///var/run/docker.sock'), { uri: 'unix:///var/run/docker.sock', options: { socketPath: '/var/run/docker.sock' }, servingHost: '127.0.0.1', local: true });
    assert.deepEqual(parseDockerHost('/tmp/docker.sock').options, { socketPath: '/tmp/docker.sock' });
    assert.deepEqual(parseDockerHost('tcp://10.0.0.5:2375'), { uri: 'tcp://10.0.0.5:2375', options: { host: '10.0.0.5', port: 2375, protocol: 'http' }, servingHost: '10.0.0.5', local: false });
    assert.deepEqual(parseDockerHost('tcp://localhost').options, { host: 'localhost', port: 2375, protocol: 'http' });
    assert.equal(parseDockerHost('tcp://localhost').local, true);
    assert.deepEqual(parseDockerHost('https://docker.example:2376').options, { host: 'docker.example', port: 2376, protocol: 'https' });
    assert.deepEqual(parseDockerHost('npipe:////./pipe/docker_engine').options, { socketPath: '\\\\.\\pipe\\docker_engine' });
  });

  it('says how a host is written when it cannot read one', () => {
    for (const bad of ['docker.sock', 'ssh://me@host', 'unix://relative']) {
      assert.throws(() => parseDockerHost(bad), (error: unknown) => error instanceof DeployError && error.code === 'INVALID_ARGUMENT' && error.message.startsWith(`"${bad}" is not a Docker host: use unix:///var/run/docker.sock`));
    }
  });

  it('accepts deployment names that are DNS labels, as Kubernetes does', () => {
    assert.equal(deploymentNameProblem('iris-prod'), undefined);
    assert.equal(deploymentNameProblem('a'), undefined);
    assert.match(deploymentNameProblem('Iris') ?? '', /not a valid deployment name: use lowercase letters/);
    assert.match(deploymentNameProblem('-iris') ?? '', /not a valid deployment name/);
    assert.match(deploymentNameProblem('iris_prod') ?? '', /not a valid deployment name/);
    assert.match(deploymentNameProblem('x'.repeat(51)) ?? '', /longer than 50 characters/);
    assert.equal(deploymentNameProblem(''), 'A deployment needs a name.');
  });

  it('suggests a deployment name from a model name', () => {
    assert.equal(suggestDeploymentName('iris-classifier'), 'iris-classifier');
    assert.equal(suggestDeploymentName('Iris Classifier (v2)'), 'iris-classifier-v2');
    assert.equal(suggestDeploymentName('***'), 'model');
  });

  it('checks ports', () => {
    assert.equal(portProblem(8080), undefined);
    assert.equal(portProblem(0), '0 is not a port: use a whole number from 1 to 65535.');
    assert.equal(portProblem(70000), '70000 is not a port: use a whole number from 1 to 65535.');
  });
});
