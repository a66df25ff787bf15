import * as assert from 'node:assert/strict';
import { BuildError, parseModelUri } from '../../../src/core/build';
import { defaultImageTag, parseImageReference, repositoryNameFor, repositoryOf } from '../../../src/core/build/imageReference';

describe('image references', () => {
  it('reads registry, repository, tag and digest as the engine does', () => {
    assert.deepEqual(parseImageReference('127.0.0.1:5000/team/iris:3'), { registry: '127.0.0.1:5000', repository: 'team/iris', tag: '3', digest: null });
    assert.deepEqual(parseImageReference('iris'), { registry: null, repository: 'iris', tag: null, digest: null });
    assert.deepEqual(parseImageReference('library/python:3.11-slim'), { registry: null, repository: 'library/python', tag: '3.11-slim', digest: null });
    assert.deepEqual(parseImageReference('localhost/iris:1').registry, 'localhost');
    assert.deepEqual(parseImageReference('registry.example.com/iris').registry, 'registry.example.com');
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.deepEqual(parseImageReference(`reg:5000/iris@${digest}`), { registry: 'reg:5000', repository: 'iris', tag: null, digest });
    assert.deepEqual(parseImageReference(`reg:5000/iris:2@${digest}`).tag, '2');
  });

  it('refuses what the engine would refuse, saying how to write a reference', () => {
    for (const bad of ['Iris:1', 'iris:', 'iris:-x', 'a//b', 'iris@sha256:xyz', '']) {
      assert.throws(() => parseImageReference(bad), (error: unknown) => error instanceof BuildError && error.code === 'INVALID_ARGUMENT' && error.message.includes('write it like 127.0.0.1:5000/team/model:1'), bad);
    }
  });

  it('makes the default tag <registry>/<model>:<version> from any model name', () => {
    assert.equal(defaultImageTag('127.0.0.1:5114', 'iris-classifier', '3'), '127.0.0.1:5114/iris-classifier:3');
    assert.equal(defaultImageTag('reg.example.com/ml/', 'Iris Classifier', '12'), 'reg.example.com/ml/iris-classifier:12');
    assert.equal(defaultImageTag(undefined, 'iris', '1'), 'iris:1');
    assert.equal(defaultImageTag('', '__Fraud.Detector__', '1'), 'fraud.detector:1');
    assert.equal(repositoryNameFor('***'), 'model');
    for (const name of ['Iris Classifier', 'a__b--c', 'ÜBER model']) parseImageReference(defaultImageTag('r:1', name, '7'));
  });

  it('names the repository without tag or digest, as docker push does', () => {
    assert.equal(repositoryOf(parseImageReference('127.0.0.1:5000/team/iris:3')), '127.0.0.1:5000/team/iris');
    assert.equal(repositoryOf(parseImageReference('iris:3')), 'iris');
  });

  it('reads registered model version URIs as MLflow writes them', () => {
    assert.deepEqual(parseModelUri('models:/iris-classifier/3'), { name: 'iris-classifier', version: '3' });
    assert.deepEqual(parseModelUri('models:/iris%20classifier@champion'), { name: 'iris classifier', alias: 'champion' });
    for (const bad of ['models:/iris', 'runs:/abc/model', 'models:/m-0123abc/', 'models:/a/1/2']) {
      assert.throws(() => parseModelUri(bad), (e: unknown) => e instanceof BuildError && e.code === 'INVALID_ARGUMENT' && e.message.includes('write models:/NAME/VERSION or models:/NAME@ALIAS'), bad);
    }
  });
});
