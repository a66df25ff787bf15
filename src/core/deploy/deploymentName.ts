import { DeployError } from './deployError';

// A DNS-1123 label: valid as a Kubernetes Deployment name and, with a prefix and suffix, as a container name.
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LENGTH = 50;

/** Why `name` cannot name a deployment, or undefined when it can. */
export function deploymentNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'A deployment needs a name.';
  if (name.length > MAX_LENGTH) return `"${name}" is longer than ${MAX_LENGTH} characters.`;
  if (!NAME.test(name)) return `"${name}" is not a valid deployment name: use lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. iris-prod).`;
  return undefined;
}

export function requireDeploymentName(name: string): string {
  const problem = deploymentNameProblem(name);
  if (problem) throw new DeployError('INVALID_ARGUMENT', problem);
  return name;
}

/** A deployment name suggested from a model name: "Iris Classifier" → "iris-classifier". */
export function suggestDeploymentName(modelName: string): string {
  const slug = modelName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_LENGTH).replace(/-+$/, '');
  return slug || 'model';
}

export function portProblem(port: number): string | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `${port} is not a port: use a whole number from 1 to 65535.`;
  return undefined;
}
