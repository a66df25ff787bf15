import * as assert from 'node:assert/strict';
import type { MlflowModelInfo } from '../../../src/core/build/mlflowModel';
import { declaredArgs } from '../../../src/core/build/servingContext';
import { servingDockerfile } from '../../../src/core/build/servingDockerfile';
import { packageName, servingRequirements } from '../../../src/core/build/servingRequirements';

const model = { name: 'iris "classifier"', version: '3', runId: 'abc123' };
const inputs = { baseImage: 'mlops-base/python:3.11', port: 9000, model, requirementsSelfContained: true, pipCaBundle: false, pipBuildArgs: [] as string[] };
const lines = (text: string) => text.trimEnd().split('\n');
const info = (requirements: string[], extra: Partial<MlflowModelInfo> = {}): MlflowModelInfo => ({
  flavors: ['python_function', 'sklearn'],
  mlflowVersion: '3.17.2',
  pythonVersion: '3.11.7',
  runId: 'abc123',
  requirements,
  requirementsSource: 'requirements.txt',
  ...extra,
});

describe('serving Dockerfile and requirements', () => {
  it('starts FROM the base image and serves with the generated server on the port', () => {
    const dockerfile = lines(servingDockerfile(inputs));
    assert.equal(dockerfile.find((l) => !l.startsWith('#')), 'FROM mlops-base/python:3.11');
    assert.ok(dockerfile.includes('EXPOSE 9000'));
    assert.ok(dockerfile.some((l) => l.startsWith('ENV ') && l.includes('MLOPS_SERVING_PORT=9000')));
    assert.equal(dockerfile[dockerfile.length - 1], 'CMD ["python", "/opt/mlops/mlops_serve.py"]');
    assert.ok(dockerfile.some((l) => l.startsWith('HEALTHCHECK ') && l.includes('/ping')));
  });

  it('installs self-contained requirements before copying the model, so a new version reuses the installed layer', () => {
    const dockerfile = lines(servingDockerfile(inputs));
    const install = dockerfile.findIndex((l) => l.includes('pip install -r /opt/mlops/requirements.txt'));
    const copyModel = dockerfile.indexOf('COPY model/ /opt/mlops/model/');
    assert.ok(install > 0 && copyModel > install, dockerfile.join('\n'));
    assert.equal(dockerfile.filter((l) => l.startsWith('WORKDIR')).length, 1);
  });

  it('copies the model first when its requirements refer to its files, and installs from its folder', () => {
    const dockerfile = lines(servingDockerfile({ ...inputs, requirementsSelfContained: false }));
    const install = dockerfile.findIndex((l) => l.includes('pip install'));
    const copyModel = dockerfile.indexOf('COPY model/ /opt/mlops/model/');
    assert.ok(copyModel > 0 && copyModel < install);
    assert.equal(dockerfile[install - 1], 'WORKDIR /opt/mlops/model');
  });

  it('passes the host pip settings as build arguments and the CA bundle as PIP_CERT', () => {
    const dockerfile = servingDockerfile({ ...inputs, pipCaBundle: true, pipBuildArgs: ['PIP_INDEX_URL', 'PIP_TRUSTED_HOST'] });
    assert.match(dockerfile, /^ARG PIP_INDEX_URL$/m);
    assert.match(dockerfile, /^ARG PIP_TRUSTED_HOST$/m);
    assert.match(dockerfile, /^COPY pip-ca\.pem \/opt\/mlops\/pip-ca\.pem$/m);
    assert.match(dockerfile, /^RUN PIP_CERT=\/opt\/mlops\/pip-ca\.pem python -m pip install/m);
    assert.deepEqual([...declaredArgs(dockerfile)].sort(), ['PIP_INDEX_URL', 'PIP_TRUSTED_HOST']);
  });

  it('quotes model names in ENV so quotes, $ and line breaks cannot change the Dockerfile', () => {
    const dockerfile = servingDockerfile({ ...inputs, model: { name: 'a"b $HOME\nRUN rm -rf /', version: '1', runId: null } });
    assert.match(dockerfile, /MLOPS_MODEL_NAME="a\\"b \\\$HOME RUN rm -rf \/"/);
    assert.ok(!lines(dockerfile).some((l) => l.startsWith('RUN rm')));
  });

  it('adds MLflow, pinned to the version that saved the model, when the requirements leave it out', () => {
    assert.equal(servingRequirements(info(['scikit-learn==1.9.1'])).content.split('\n').slice(1).join('\n'), 'scikit-learn==1.9.1\nmlflow==3.17.2\n');
    assert.equal(servingRequirements(info(['numpy'], { mlflowVersion: null })).content.trimEnd().split('\n').pop(), 'mlflow');
    const own = servingRequirements(info(['mlflow-skinny==3.17.2', 'numpy']));
    assert.deepEqual(own.content.split('\n').slice(1), ['mlflow-skinny==3.17.2', 'numpy', ''], 'mlflow-skinny counts as MLflow');
    assert.equal(own.selfContained, true);
  });

  it('installs requirements that refer to model files from the model folder', () => {
    const withWheel = servingRequirements(info(['-r extra.txt', 'code/my_pkg-1.0-py3-none-any.whl', 'numpy']));
    assert.equal(withWheel.selfContained, false);
    assert.match(withWheel.content, /^-r \/opt\/mlops\/model\/requirements\.txt$/m);
    assert.equal(servingRequirements(info(['pkg @ https://example.org/pkg-1.0.tar.gz'])).selfContained, true);
  });

  it('normalizes requirement names as PEP 503 does', () => {
    assert.equal(packageName('Scikit_Learn>=1.0'), 'scikit-learn');
    assert.equal(packageName('MLflow[extras]==3.1'), 'mlflow');
    assert.equal(packageName('--index-url https://x'), '');
    assert.equal(packageName('./local'), '');
  });
});
