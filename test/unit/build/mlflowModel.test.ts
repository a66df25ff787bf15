import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError } from '../../../src/core/build';
import { pythonMinor, readMlflowModel } from '../../../src/core/build/mlflowModel';
import { makeTempDir } from '../../support/tempDir';

const MLMODEL = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    python_version: 3.10.2
  sklearn:
    sklearn_version: 1.9.1
mlflow_version: 3.17.2
run_id: 822412fe
`;

describe('MLflow model folder', () => {
  let temp: { dir: string; cleanup: () => void };
  const write = (name: string, content: string) => fs.writeFileSync(path.join(temp.dir, name), content);
  beforeEach(() => {
    temp = makeTempDir('mlflow-model');
  });
  afterEach(() => temp.cleanup());

  it('reads flavors, versions and requirements.txt, with python_env.yaml naming the Python', () => {
    write('MLmodel', MLMODEL);
    write('python_env.yaml', 'python: 3.10\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n');
    write('requirements.txt', 'mlflow==3.17.2\n# pinned by MLflow\nscikit-learn==1.9.1  # comment\n\n');
    write('conda.yaml', 'dependencies:\n- python=3.9.1\n- pip:\n  - other\n');
    const info = readMlflowModel(temp.dir);
    assert.deepEqual(info, {
      flavors: ['python_function', 'sklearn'],
      mlflowVersion: '3.17.2',
      pythonVersion: '3.10',
      runId: '822412fe',
      requirements: ['mlflow==3.17.2', 'scikit-learn==1.9.1'],
      requirementsSource: 'requirements.txt',
    });
    assert.equal(pythonMinor(info.pythonVersion), '3.10', '3.10 stays 3.10, not the number 3.1');
  });

  it('falls back to the pip section and Python of conda.yaml', () => {
    write('MLmodel', MLMODEL.replace('    python_version: 3.10.2\n', ''));
    write('conda.yaml', 'channels: [conda-forge]\ndependencies:\n- python=3.12.4\n- pip<=24\n- pip:\n  - mlflow==3.1\n  - pandas\n');
    const info = readMlflowModel(temp.dir);
    assert.equal(info.pythonVersion, '3.12.4');
    assert.deepEqual(info.requirements, ['mlflow==3.1', 'pandas']);
    assert.equal(info.requirementsSource, 'conda.yaml');
  });

  it('refuses a folder without MLmodel or without the python_function flavor, saying why', () => {
    assert.throws(() => readMlflowModel(temp.dir), (e: unknown) => e instanceof BuildError && e.code === 'NOT_AN_MLFLOW_MODEL' && e.message.endsWith('has no MLmodel file'));
    write('MLmodel', 'flavors:\n  keras: {}\n');
    assert.throws(() => readMlflowModel(temp.dir), /has no python_function flavor \(it has keras\), so MLflow's scoring server cannot serve it/);
    write('MLmodel', 'flavors: [unclosed\n');
    assert.throws(() => readMlflowModel(temp.dir), /MLmodel is not valid YAML/);
  });
});
