import { DeployError } from '../../core/deploy/deployError';
import { openClusterAccess } from '../../core/deploy/kubernetes/clusterAccess';
import { KubernetesTarget } from '../../core/deploy/kubernetes/kubernetesTarget';
import { describeError } from '../../core/tracking/errors';
import { clusterConfigured } from './clusterPresence';
import { affectsCluster, clusterSettings } from './clusterSettings';
import type { TargetSource } from './deploymentTargets';

/**
 * The cluster of mlops.kubernetes.* (else kubectl's kubeconfig and current context). Users without
 * Kubernetes see no cluster at all; a configured one that cannot be read shows why.
 */
export const clusterSource: TargetSource = {
  kind: 'kubernetes',
  affects: affectsCluster,
  create: () => {
    const settings = clusterSettings();
    if (!clusterConfigured(settings, process.env)) return undefined;
    const location = [settings.context || 'current context', settings.namespace].filter((p) => p).join('/');
    try {
      const access = openClusterAccess({ kubeconfig: settings.kubeconfig || undefined, context: settings.context, namespace: settings.namespace, env: process.env });
      return { ok: true, target: new KubernetesTarget(access, settings.workload) };
    } catch (error) {
      // kubeconfig found by kubectl's rules but empty of contexts: as good as no Kubernetes
      if (!settings.context && !settings.kubeconfig && error instanceof DeployError && error.code === 'TARGET_UNAVAILABLE') return undefined;
      return { ok: false, kind: 'kubernetes', location, problem: describeError(error) };
    }
  },
};
