import type { V1Deployment } from '@kubernetes/client-node';
import { DeployError } from '../deployError';
import type { ClusterAccess } from './clusterAccess';
import { kubeCall } from './kubeCall';
import { listAndWatch } from './objectWatch';
import { type RolloutState, rolloutStatus } from './rolloutStatus';

export interface RolloutOutcome {
  state: Exclude<RolloutState, { state: 'waiting' }>;
  deployment: V1Deployment;
}

export interface RolloutWaitOptions {
  signal: AbortSignal;
  /** a bound of our own besides the Deployment's progress deadline (kubectl rollout status --timeout), on this machine's clock */
  timeoutMs: number;
  /** kubectl's "Waiting for deployment ... rollout to finish: ..." lines, each once */
  onMessage?: (message: string) => void;
}

/**
 * `kubectl rollout status deployment/NAME`: watches the one Deployment (list, then watch from its
 * resourceVersion, resumed when a watch ends) until its status says the rollout is complete or
 * failed. Resolves in both cases; rejects when the Deployment goes away, on cancel and on timeout.
 */
export async function waitForRollout(access: ClusterAccess, name: string, options: RolloutWaitOptions): Promise<RolloutOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  let said = '';
  const decide = (deployment: V1Deployment | undefined): RolloutOutcome | undefined => {
    if (!deployment) throw new DeployError('NOT_FOUND', `Deployment '${name}' was deleted while its rollout was watched.`);
    const state = rolloutStatus(deployment);
    if (state.state !== 'waiting') return { state, deployment };
    if (state.message !== said) options.onMessage?.((said = state.message));
    return undefined;
  };
  const fieldSelector = `metadata.name=${name}`;
  try {
    return await listAndWatch<V1Deployment, RolloutOutcome>(access, {
      path: `/apis/apps/v1/namespaces/${encodeURIComponent(access.namespace)}/deployments`,
      query: { fieldSelector },
      what: `watch the rollout of deployment '${name}'`,
      list: async (s) => {
        const list = await kubeCall(access, `read deployment '${name}'`, s, (o) => access.apps.listNamespacedDeployment({ namespace: access.namespace, fieldSelector }, o));
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      },
    }, {
      listed: (items) => decide(items[0]),
      event: (event) => decide(event.type === 'DELETED' ? undefined : event.object),
    }, signal);
  } catch (error) {
    if (timeout.aborted && !options.signal.aborted) {
      throw new DeployError('UNHEALTHY', `The rollout of '${name}' did not finish within ${Math.round(options.timeoutMs / 1000)} s and the cluster reported no failure either. Last status: ${said || 'none'}. Look at the deployment's events (kubectl describe deployment ${name}).`);
    }
    throw error;
  }
}
