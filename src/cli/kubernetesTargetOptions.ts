import { type Command, InvalidArgumentError } from 'commander';
import { DeployError } from '../core/deploy/deployError';
import type { DeploymentTarget } from '../core/deploy/deploymentTarget';
import { openClusterAccess } from '../core/deploy/kubernetes/clusterAccess';
import type { WorkloadSettings } from '../core/deploy/kubernetes/deploymentManifest';
import { KubernetesTarget } from '../core/deploy/kubernetes/kubernetesTarget';
import { namespaceConfirmed, protectingPattern } from '../core/deploy/kubernetes/protectedContexts';
import type { CliIo } from './context';

/** `--target kubernetes` and what it takes, like kubectl's global flags. */
export interface KubernetesOptions {
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  replicas?: number;
  imagePullSecret?: string[];
  cpu?: string;
  memory?: string;
  confirmNamespace?: string;
}

/** Comma-separated context patterns (see protectedContexts.ts) where a change needs --confirm-namespace, for pipelines. */
export const PROTECTED_CONTEXTS_ENV = 'MLOPS_KUBERNETES_PROTECTED_CONTEXTS';

function replicaCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive number of replicas, got "${value}"`);
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The options of the cluster a `--target kubernetes` command uses (kubectl's names). */
export function withKubernetesOptions(command: Command): Command {
  return command
    .option('--context <name>', 'kubernetes: the kubeconfig context (default: its current-context)')
    .option('--namespace <name>', 'kubernetes: the namespace (default: the context\'s, else "default")')
    .option('--kubeconfig <path>', 'kubernetes: the kubeconfig file (default: KUBECONFIG, else ~/.kube/config)');
}

/** What a deploy to a cluster also takes: the Deployment's pods. */
export function withWorkloadOptions(command: Command): Command {
  return command
    .option('--replicas <n>', 'kubernetes: pods serving the model', replicaCount)
    .option('--image-pull-secret <name>', 'kubernetes: a docker-registry secret in the namespace for a registry that needs a login (repeatable)', collect)
    .option('--cpu <quantity>', 'kubernetes: CPU each pod requests, e.g. 500m')
    .option('--memory <quantity>', 'kubernetes: memory each pod requests and is limited to, e.g. 1Gi');
}

/** What a change (deploy, rollback) takes in a protected context. */
export function withConfirmOption(command: Command): Command {
  return command.option('--confirm-namespace <name>', `kubernetes: the namespace, typed again, for a context that ${PROTECTED_CONTEXTS_ENV} protects`);
}

export function kubernetesTargetFor(options: KubernetesOptions, io: CliIo): KubernetesTarget {
  const access = openClusterAccess({ kubeconfig: options.kubeconfig, context: options.context, namespace: options.namespace, env: io.env });
  const workload: Partial<WorkloadSettings> = {};
  if (options.replicas !== undefined) workload.replicas = options.replicas;
  if (options.imagePullSecret?.length) workload.imagePullSecrets = options.imagePullSecret;
  if (options.cpu || options.memory) {
    workload.resources = {
      requests: { ...(options.cpu ? { cpu: options.cpu } : {}), ...(options.memory ? { memory: options.memory } : {}) },
      ...(options.memory ? { limits: { memory: options.memory } } : {}),
    };
  }
  return new KubernetesTarget(access, workload);
}

/**
 * A deploy or rollback in a protected context goes ahead only with the namespace typed again
 * (`--confirm-namespace`), the command line's form of the editor's typed confirmation.
 */
export function requireConfirmation(target: DeploymentTarget, options: KubernetesOptions, io: CliIo, change: string): void {
  if (!(target instanceof KubernetesTarget)) return;
  const patterns = (io.env[PROTECTED_CONTEXTS_ENV] ?? '').split(',');
  const pattern = protectingPattern(target.access.context, patterns);
  if (!pattern || namespaceConfirmed(options.confirmNamespace, target.access.namespace)) return;
  throw new DeployError('INVALID_ARGUMENT', `Context '${target.access.context}' is protected (${PROTECTED_CONTEXTS_ENV} pattern "${pattern}"): to ${change} in namespace '${target.access.namespace}', repeat the namespace with --confirm-namespace ${target.access.namespace}.`);
}
