import { openClusterAccess } from '../../../src/core/deploy/kubernetes/clusterAccess';
import type { WorkloadSettings } from '../../../src/core/deploy/kubernetes/deploymentManifest';
import { KubernetesTarget } from '../../../src/core/deploy/kubernetes/kubernetesTarget';
import { type FakeKube, startFakeKube } from '../../fakeKube/startFakeKube';

/** A cluster the scenarios run against: the API server fake, or a real cluster named by MLOPS_E2E_KUBECONFIG. */
export interface ClusterUnderTest {
  kubeconfigPath: string;
  context: string | undefined;
  namespace: string;
  /** three images that serve /ping on 8080 and one that cannot be pulled */
  images: { v1: string; v2: string; v3: string; missing: string };
  workload: Partial<WorkloadSettings>;
  /** progress deadline of the scenarios' rollouts */
  healthTimeoutMs: number;
  /** lets the cluster's time pass a progress deadline: the fake skips ahead, a real cluster just takes that long */
  passDeadline(ms: number): Promise<void>;
  fake: FakeKube | undefined;
  target(workload?: Partial<WorkloadSettings>): KubernetesTarget;
  stop(): Promise<void>;
}

const FAKE_IMAGES = { v1: 'registry.local/iris:1', v2: 'registry.local/iris:2', v3: 'registry.local/iris:3', missing: 'registry.local/iris:missing' };

export async function fakeCluster(): Promise<ClusterUnderTest> {
  const fake = await startFakeKube({ clock: 'real', images: [FAKE_IMAGES.v1, FAKE_IMAGES.v2, FAKE_IMAGES.v3] });
  return cluster({
    kubeconfigPath: fake.kubeconfigPath, context: fake.contextName, namespace: fake.namespace, images: FAKE_IMAGES,
    // the fake's kubelet turns a started pod ready after the readiness probe's initial delay
    workload: { readinessDelaySeconds: 1 },
    healthTimeoutMs: 30_000,
    passDeadline: (ms) => fake.advance(ms),
    fake,
    stop: () => fake.stop(),
  });
}

/** The real cluster of MLOPS_E2E_KUBECONFIG, or undefined (and the scenarios say they were skipped). */
export function realCluster(env: NodeJS.ProcessEnv): ClusterUnderTest | undefined {
  const kubeconfigPath = env.MLOPS_E2E_KUBECONFIG?.trim();
  if (!kubeconfigPath) return undefined;
  const images = (env.MLOPS_E2E_IMAGES ?? '').split(',').map((s) => s.trim()).filter((s) => s);
  if (images.length !== 3) throw new Error('MLOPS_E2E_KUBECONFIG is set: MLOPS_E2E_IMAGES must name three images that answer GET /ping with 200 on port 8080, comma-separated.');
  return cluster({
    kubeconfigPath,
    context: env.MLOPS_E2E_CONTEXT?.trim() || undefined,
    namespace: env.MLOPS_E2E_NAMESPACE?.trim() || 'default',
    images: { v1: images[0], v2: images[1], v3: images[2], missing: 'registry.invalid/mlops-studio-e2e/missing:1' },
    workload: {},
    healthTimeoutMs: Number(env.MLOPS_E2E_DEADLINE_SECONDS ?? 60) * 1000,
    passDeadline: async () => {},
    fake: undefined,
    stop: async () => {},
  });
}

function cluster(base: Omit<ClusterUnderTest, 'target'>): ClusterUnderTest {
  return {
    ...base,
    target: (workload = {}) => new KubernetesTarget(
      openClusterAccess({ kubeconfig: base.kubeconfigPath, context: base.context, namespace: base.namespace, env: {} }),
      { ...base.workload, ...workload },
    ),
  };
}
