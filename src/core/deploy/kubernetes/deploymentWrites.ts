import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import { DeployError } from '../deployError';
import type { ClusterAccess } from './clusterAccess';
import { updatedDeployment } from './deploymentManifest';
import { kubeCall, statusCode } from './kubeCall';
import { LABELS, MANAGED_BY } from './kubeLabels';

/** a 409 means someone else (often the deployment controller writing status) changed it between our read and write */
const CONFLICT_ATTEMPTS = 5;

/** The Deployment, or undefined when there is none. */
export async function readDeployment(access: ClusterAccess, name: string, signal: AbortSignal): Promise<V1Deployment | undefined> {
  try {
    return await kubeCall(access, `read deployment '${name}'`, signal, (o) => access.apps.readNamespacedDeployment({ name, namespace: access.namespace }, o));
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
}

export function requireManaged(access: ClusterAccess, deployment: V1Deployment | V1Service, kind: string): void {
  if (deployment.metadata?.labels?.[LABELS.managedBy] === MANAGED_BY) return;
  const name = deployment.metadata?.name ?? '';
  throw new DeployError('CONFLICT', `${kind} '${name}' in namespace '${access.namespace}' of context '${access.context}' exists and is not managed by MLOps Studio (no label ${LABELS.managedBy}=${MANAGED_BY}). Choose another deployment name, or remove it yourself if it is an old one.`);
}

/**
 * Creates the Deployment, or updates it with a read-modify-write that carries the resourceVersion
 * read (optimistic concurrency); a 409 Conflict re-reads and re-applies, as kubectl's and
 * client-go's RetryOnConflict do. Returns the stored Deployment and whether it existed.
 */
export async function applyDeployment(access: ClusterAccess, wanted: V1Deployment, signal: AbortSignal): Promise<{ deployment: V1Deployment; existed: boolean; conflicts: number }> {
  const name = wanted.metadata!.name!;
  for (let attempt = 0; ; attempt++) {
    const existing = await readDeployment(access, name, signal);
    try {
      if (!existing) {
        const deployment = await kubeCall(access, `create deployment '${name}'`, signal, (o) => access.apps.createNamespacedDeployment({ namespace: access.namespace, body: wanted }, o));
        return { deployment, existed: false, conflicts: attempt };
      }
      requireManaged(access, existing, 'Deployment');
      const body = updatedDeployment(existing, wanted);
      const deployment = await kubeCall(access, `update deployment '${name}'`, signal, (o) => access.apps.replaceNamespacedDeployment({ name, namespace: access.namespace, body }, o));
      return { deployment, existed: true, conflicts: attempt };
    } catch (error) {
      // 409 on update: stale resourceVersion; on create: someone created it meanwhile. Both: read again.
      if (statusCode(error) !== 409 || attempt + 1 >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}

/** Creates the Service, or updates its ports, labels and selector (keeping the cluster IP it was given). */
export async function applyService(access: ClusterAccess, wanted: V1Service, signal: AbortSignal): Promise<V1Service> {
  const name = wanted.metadata!.name!;
  for (let attempt = 0; ; attempt++) {
    let existing: V1Service | undefined;
    try {
      existing = await kubeCall(access, `read service '${name}'`, signal, (o) => access.core.readNamespacedService({ name, namespace: access.namespace }, o));
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
    }
    try {
      if (!existing) return await kubeCall(access, `create service '${name}'`, signal, (o) => access.core.createNamespacedService({ namespace: access.namespace, body: wanted }, o));
      requireManaged(access, existing, 'Service');
      const body: V1Service = {
        ...existing,
        metadata: { ...existing.metadata, labels: { ...(existing.metadata?.labels ?? {}), ...(wanted.metadata?.labels ?? {}) } },
        spec: { ...existing.spec, selector: wanted.spec?.selector, ports: wanted.spec?.ports },
      };
      return await kubeCall(access, `update service '${name}'`, signal, (o) => access.core.replaceNamespacedService({ name, namespace: access.namespace, body }, o));
    } catch (error) {
      if (statusCode(error) !== 409 || attempt + 1 >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}
