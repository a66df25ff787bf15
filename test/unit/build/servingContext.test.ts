import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContextEntry } from '../../../src/core/build/contextTar';
import type { MlflowModelInfo } from '../../../src/core/build/mlflowModel';
import { servingContext } from '../../../src/core/build/servingContext';
import { makeTempDir } from '../../support/tempDir';

const info: MlflowModelInfo = { flavors: ['python_function'], mlflowVersion: '3.17.2', pythonVersion: '3.11.7', runId: 'r1', requirements: ['numpy'], requirementsSource: 'requirements.txt' };
const targets = (entries: ContextEntry[]) => entries.map((e) => e.target);
const content = (entries: ContextEntry[], target: string) => {
  const entry = entries.find((e) => e.target === target);
  return entry?.kind === 'file' ? entry.content.toString() : undefined;
};

describe('serving build context', () => {
  let temp: { dir: string; cleanup: () => void };
  let inputs: Parameters<typeof servingContext>[0];
  beforeEach(() => {
    temp = makeTempDir('serving-context');
    fs.mkdirSync(path.join(temp.dir, 'model'));
    fs.writeFileSync(path.join(temp.dir, 'ca.pem'), 'CA');
    inputs = {
      modelDir: path.join(temp.dir, 'model'),
      info,
      model: { name: 'iris', version: '4', runId: 'r1' },
      baseImage: 'python:3.11-slim',
      port: 8080,
      pip: { indexUrl: 'https://index/simple', extraIndexUrls: [], trustedHosts: [], caBundle: path.join(temp.dir, 'ca.pem'), proxy: { HTTPS_PROXY: 'http://proxy:3128' } },
    };
  });
  afterEach(() => temp.cleanup());

  it('generates Dockerfile, requirements, server, CA bundle and model; pip settings and proxies as build arguments', () => {
    const context = servingContext(inputs);
    assert.deepEqual(targets(context.entries), ['Dockerfile', 'requirements.txt', 'mlops_serve.py', 'pip-ca.pem', 'model']);
    assert.equal(context.dockerfile, 'Dockerfile');
    assert.deepEqual(context.buildArgs, { PIP_INDEX_URL: 'https://index/simple', HTTPS_PROXY: 'http://proxy:3128' });
    const dockerfile = content(context.entries, 'Dockerfile') ?? '';
    assert.match(dockerfile, /^ARG PIP_INDEX_URL$/m);
    assert.doesNotMatch(dockerfile, /ARG HTTPS_PROXY/, 'proxies are predefined arguments: no ARG, so they stay out of the image history');
    assert.equal(content(context.entries, 'requirements.txt')?.split('\n').slice(1).join('\n'), 'numpy\nmlflow==3.17.2\n');
    assert.match(content(context.entries, 'mlops_serve.py') ?? '', /def main\(\):/);
  });

  it('builds a workspace Dockerfile with its folder as context, the serving files under .mlops/, and only the arguments it declares', () => {
    const workspace = path.join(temp.dir, 'ws');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'Dockerfile'), 'ARG MLOPS_BASE_IMAGE\nFROM $MLOPS_BASE_IMAGE\narg MLOPS_MODEL_VERSION\nCOPY .mlops/model /model\n');
    const context = servingContext({ ...inputs, dockerfile: path.join(workspace, 'Dockerfile') });
    assert.equal(context.dockerfile, 'Dockerfile');
    assert.deepEqual(targets(context.entries), ['', '.mlops/requirements.txt', '.mlops/mlops_serve.py', '.mlops/pip-ca.pem', '.mlops/model']);
    assert.deepEqual(context.buildArgs, { MLOPS_BASE_IMAGE: 'python:3.11-slim', MLOPS_MODEL_VERSION: '4', HTTPS_PROXY: 'http://proxy:3128' });
  });

  it('sends a Dockerfile from outside the context inside it, as the docker CLI does, and names a missing one', () => {
    const contextDir = path.join(temp.dir, 'ctx');
    fs.mkdirSync(contextDir);
    fs.writeFileSync(path.join(temp.dir, 'Outside.Dockerfile'), 'FROM x\n');
    const context = servingContext({ ...inputs, dockerfile: path.join(temp.dir, 'Outside.Dockerfile'), contextDir });
    assert.equal(context.dockerfile, '.mlops/Dockerfile');
    assert.equal(content(context.entries, '.mlops/Dockerfile'), 'FROM x\n');
    assert.throws(() => servingContext({ ...inputs, dockerfile: path.join(temp.dir, 'Nope') }), /the Dockerfile .*Nope does not exist/);
  });
});
