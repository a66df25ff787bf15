import { type Command, InvalidArgumentError, Option } from 'commander';
import { DeployError } from '../core/deploy/deployError';
import type { DeploymentTarget, RolloutPolicy, RolloutStep } from '../core/deploy/deploymentTarget';
import { resolveDockerHost } from '../core/deploy/docker/dockerHost';
import { DockerTarget } from '../core/deploy/docker/dockerTarget';
import type { CliIo } from './context';
import { type KubernetesOptions, kubernetesTargetFor, withKubernetesOptions } from './kubernetesTargetOptions';

/** What every deploy command takes besides its own options. */
export interface TargetOptions extends KubernetesOptions {
  target: 'docker' | 'kubernetes';
  name: string;
  dockerHost?: string;
  json?: boolean;
}

/** What the commands that roll out take: the settings `mlops.deploy.*` of the editor. */
export interface PolicyOptions {
  healthTimeout: number;
  autoRollback: boolean;
  revisionHistoryLimit: number;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected 0 or a positive integer, got "${value}"`);
  return n;
}

export function withTargetOptions(command: Command): Command {
  return withKubernetesOptions(command
    .addOption(new Option('--target <kind>', 'where the deployment runs').choices(['docker', 'kubernetes']).default('docker'))
    .requiredOption('--name <deployment>', 'the deployment: lowercase letters, digits and "-" (e.g. iris-prod)')
    .option('--docker-host <uri>', 'the Docker engine (default: DOCKER_HOST, else unix:///var/run/docker.sock)')
    .option('--json', 'print JSON instead of text'));
}

export function withPolicyOptions(command: Command): Command {
  return command
    .option('--health-timeout <seconds>', 'seconds the new revision has to answer GET /ping with 200', positiveInteger, 60)
    .option('--no-auto-rollback', 'leave a revision that fails its health check running for inspection')
    .option('--revision-history-limit <n>', 'old revisions kept besides the current one', nonNegativeInteger, 5);
}

export function policyOf(options: PolicyOptions): RolloutPolicy {
  return { healthTimeoutMs: options.healthTimeout * 1000, autoRollback: options.autoRollback, revisionHistoryLimit: options.revisionHistoryLimit };
}

export function targetFor(options: TargetOptions, io: CliIo): DeploymentTarget {
  if (options.target === 'kubernetes') return kubernetesTargetFor(options, io);
  if (options.target !== 'docker') throw new DeployError('INVALID_ARGUMENT', `--target ${String(options.target)} is not supported; use --target docker`);
  return new DockerTarget(resolveDockerHost(options.dockerHost, io.env));
}

/** One line on stderr per rollout step, so stdout stays the result (and valid JSON with --json). */
export function stepPrinter(io: CliIo): (step: RolloutStep) => void {
  return (step) => io.stderr(`mlops: ${describeStep(step)}\n`);
}

function describeStep(step: RolloutStep): string {
  switch (step.step) {
    case 'checking':
      return `checking the engine, the image and the port of '${step.name}'`;
    case 'starting':
      return `starting revision ${step.revision} on trial port ${step.port}`;
    case 'waitingHealthy':
      return step.detail ?? `waiting for revision ${step.revision} to answer ${step.url}/ping`;
    case 'switching':
      return `switching port ${step.port} to revision ${step.revision}${step.from === null ? '' : ` (from revision ${step.from})`}`;
    case 'rollingBack':
      return `${step.reason}; ${step.to === null ? `stopping revision ${step.revision}` : `rolling back to revision ${step.to}`}`;
    case 'done':
      return `revision ${step.revision} serves`;
  }
}

/** A failed rollout's message is the error; the revision's last log lines follow it on stderr. */
export function reportLogTail(io: CliIo, error: unknown): void {
  if (!(error instanceof DeployError) || error.logTail.length === 0) return;
  io.stderr(`mlops: the revision's last log lines:\n${error.logTail.map((line) => `  ${line}\n`).join('')}`);
}
