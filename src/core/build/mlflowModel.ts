// What an MLflow model folder says about serving it: its flavors, the MLflow and Python versions
// it was saved with, and the pip requirements of its environment (requirements.txt, which
// python_env.yaml points at, else the pip section of conda.yaml).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BuildError, describeFailure } from './buildErrors';

export interface MlflowModelInfo {
  flavors: string[];
  mlflowVersion: string | null;
  /** as recorded, e.g. 3.11.7 */
  pythonVersion: string | null;
  runId: string | null;
  /** pip requirement lines, comments and blanks dropped */
  requirements: string[];
  /** the file they came from, relative to the model folder */
  requirementsSource: 'requirements.txt' | 'conda.yaml' | null;
}

type YamlObject = Record<string, unknown>;

export function readMlflowModel(dir: string): MlflowModelInfo {
  const mlmodel = readYaml(dir, 'MLmodel');
  if (mlmodel === null) throw new BuildError('NOT_AN_MLFLOW_MODEL', `${dir} has no MLmodel file`);
  const flavors = isObject(mlmodel.flavors) ? mlmodel.flavors : {};
  const pyfunc = isObject(flavors.python_function) ? flavors.python_function : null;
  if (!pyfunc) {
    throw new BuildError(
      'NOT_AN_MLFLOW_MODEL',
      `the model in ${dir} has no python_function flavor (it has ${Object.keys(flavors).join(', ') || 'none'}), so MLflow's scoring server cannot serve it`,
    );
  }
  const envFiles = isObject(pyfunc.env) ? pyfunc.env : {};
  const pythonEnv = readYaml(dir, text(envFiles.virtualenv) ?? 'python_env.yaml');
  const conda = readYaml(dir, text(envFiles.conda) ?? 'conda.yaml');
  const fromFile = readRequirementLines(dir, 'requirements.txt');
  const fromConda = conda ? condaPipRequirements(conda) : null;
  return {
    flavors: Object.keys(flavors),
    mlflowVersion: text(mlmodel.mlflow_version),
    pythonVersion: text(pythonEnv?.python) ?? text(pyfunc.python_version) ?? (conda ? condaPython(conda) : null),
    runId: text(mlmodel.run_id),
    requirements: fromFile ?? fromConda ?? [],
    requirementsSource: fromFile ? 'requirements.txt' : fromConda ? 'conda.yaml' : null,
  };
}

/** major.minor of a recorded Python version (3.11.7 -> 3.11), or null. */
export function pythonMinor(version: string | null): string | null {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  return match ? `${match[1]}.${match[2]}` : null;
}

export function parseRequirementLines(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

function readRequirementLines(dir: string, name: string): string[] | null {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return null;
  return parseRequirementLines(fs.readFileSync(file, 'utf8'));
}

function readYaml(dir: string, name: string): YamlObject | null {
  const file = path.join(dir, name);
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    // Every scalar as text: `python: 3.10` must stay 3.10, not become the number 3.1.
    const parsed: unknown = parseYaml(content, { schema: 'failsafe' });
    return isObject(parsed) ? parsed : null;
  } catch (error) {
    throw new BuildError('NOT_AN_MLFLOW_MODEL', `${file} is not valid YAML: ${describeFailure(error)}`, { cause: error });
  }
}

function condaPipRequirements(conda: YamlObject): string[] | null {
  const dependencies = Array.isArray(conda.dependencies) ? conda.dependencies : [];
  const pip = dependencies.find((d): d is YamlObject => isObject(d) && Array.isArray(d.pip));
  return pip ? (pip.pip as unknown[]).map(String) : null;
}

function condaPython(conda: YamlObject): string | null {
  const dependencies = Array.isArray(conda.dependencies) ? conda.dependencies : [];
  for (const dependency of dependencies) {
    const match = typeof dependency === 'string' ? /^python\s*=+\s*([\d.]+)/.exec(dependency) : null;
    if (match) return match[1];
  }
  return null;
}

function isObject(value: unknown): value is YamlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === 'null' || trimmed === '~' ? null : trimmed;
}
