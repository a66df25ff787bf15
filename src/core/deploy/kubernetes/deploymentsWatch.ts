import type { V1Deployment } from '@kubernetes/client-node';
import { isAbortError } from '../deployError';
import type { Subscription } from '../deploymentTarget';
import type { ClusterAccess } from './clusterAccess';
import { kubeCall } from './kubeCall';
import { MANAGED_SELECTOR } from './kubeLabels';
import { listAndWatch } from './objectWatch';

/**
 * Calls `onChange` whenever a Deployment MLOps Studio manages in the namespace changes (its
 * status follows its ReplicaSets and pods, so a rollout shows too), resuming the watch as it
 * ends; `onError` once when it cannot go on.
 */
export function watchManagedDeployments(access: ClusterAccess, onChange: () => void, onError: (error: unknown) => void): Subscription {
  const controller = new AbortController();
  let first = true;
  listAndWatch<V1Deployment, never>(access, {
    path: `/apis/apps/v1/namespaces/${encodeURIComponent(access.namespace)}/deployments`,
    query: { labelSelector: MANAGED_SELECTOR },
    what: 'watch the deployments',
    list: async (signal) => {
      const list = await kubeCall(access, 'list deployments', signal, (o) => access.apps.listNamespacedDeployment({ namespace: access.namespace, labelSelector: MANAGED_SELECTOR }, o));
      return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
    },
  }, {
    // the caller read the state when it subscribed; a later re-list may have missed changes
    listed: () => {
      if (!first) onChange();
      first = false;
      return undefined;
    },
    event: () => {
      onChange();
      return undefined;
    },
  }, controller.signal).catch((error: unknown) => {
    if (!isAbortError(error)) onError(error);
  });
  return { dispose: () => controller.abort() };
}
