import type { V1Deployment, V1Probe, V1ResourceRequirements, V1Service } from '@kubernetes/client-node';
import type { ModelIdentity, RolloutPolicy } from '../deploymentTarget';
import { ANNOTATIONS, deploymentLabels, modelAnnotations, selectorLabels } from './kubeLabels';

export const CONTAINER_NAME = 'model';
export const PORT_NAME = 'http';
/** where `mlflow models build-docker` images (and ours) serve */
export const DEFAULT_CONTAINER_PORT = 8080;

/** How each pod runs: the settings `mlops.kubernetes.*`. */
export interface WorkloadSettings {
  replicas: number;
  containerPort: number;
  /** e.g. { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } */
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** secrets of type kubernetes.io/dockerconfigjson in the namespace, for a registry that needs a login */
  imagePullSecrets: string[];
  /** a model server loads its model before /ping answers: readiness starts probing after this */
  readinessDelaySeconds: number;
  /** and liveness much later, so a slow load is not killed and restarted in a loop */
  livenessDelaySeconds: number;
}

export const DEFAULT_WORKLOAD: WorkloadSettings = {
  replicas: 1,
  containerPort: DEFAULT_CONTAINER_PORT,
  imagePullSecrets: [],
  readinessDelaySeconds: 5,
  livenessDelaySeconds: 60,
};

export interface ManifestInput {
  name: string;
  namespace: string;
  image: string;
  model: ModelIdentity | null;
  changeCause: string;
  policy: RolloutPolicy;
  workload: WorkloadSettings;
}

function probe(initialDelaySeconds: number, periodSeconds: number, timeoutSeconds: number): V1Probe {
  return { httpGet: { path: '/ping', port: PORT_NAME }, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold: 3 };
}

/** progressDeadlineSeconds: the health timeout, whole seconds, at least one. */
export function progressDeadlineSeconds(policy: RolloutPolicy): number {
  return Math.max(1, Math.ceil(policy.healthTimeoutMs / 1000));
}

/** The Deployment a model version runs as. Old pods keep serving until new ones are available (maxUnavailable 0). */
export function deploymentManifest(input: ManifestInput): V1Deployment {
  const { workload } = input;
  const labels = deploymentLabels(input.name, input.model);
  const resources: V1ResourceRequirements | undefined = workload.resources && (workload.resources.requests || workload.resources.limits)
    ? { ...(workload.resources.requests ? { requests: workload.resources.requests } : {}), ...(workload.resources.limits ? { limits: workload.resources.limits } : {}) }
    : undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: input.namespace, labels, annotations: { [ANNOTATIONS.changeCause]: input.changeCause } },
    spec: {
      replicas: workload.replicas,
      revisionHistoryLimit: input.policy.revisionHistoryLimit,
      progressDeadlineSeconds: progressDeadlineSeconds(input.policy),
      selector: { matchLabels: selectorLabels(input.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels, annotations: modelAnnotations(input.model, input.image) },
        spec: {
          containers: [{
            name: CONTAINER_NAME,
            image: input.image,
            ports: [{ name: PORT_NAME, containerPort: workload.containerPort, protocol: 'TCP' }],
            readinessProbe: probe(workload.readinessDelaySeconds, 5, 2),
            livenessProbe: probe(workload.livenessDelaySeconds, 10, 5),
            ...(resources ? { resources } : {}),
          }],
          ...(workload.imagePullSecrets.length > 0 ? { imagePullSecrets: workload.imagePullSecrets.map((name) => ({ name })) } : {}),
        },
      },
    },
  };
}

/** The existing Deployment with our parts replaced: spec fields we own, our labels, the change cause; the rest (annotations of others, status) kept. */
export function updatedDeployment(existing: V1Deployment, wanted: V1Deployment): V1Deployment {
  const { revision, revisionHistory } = ANNOTATIONS;
  const kept = Object.fromEntries(Object.entries(existing.metadata?.annotations ?? {}).filter(([key]) => key === revision || key === revisionHistory || !key.startsWith('mlops-studio.org/')));
  return {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: { ...(existing.metadata?.labels ?? {}), ...(wanted.metadata?.labels ?? {}) },
      annotations: { ...kept, ...(wanted.metadata?.annotations ?? {}) },
    },
    spec: {
      ...existing.spec!,
      replicas: wanted.spec!.replicas,
      revisionHistoryLimit: wanted.spec!.revisionHistoryLimit,
      progressDeadlineSeconds: wanted.spec!.progressDeadlineSeconds,
      strategy: wanted.spec!.strategy,
      template: wanted.spec!.template,
      // a resumed rollout: deploying means the user wants it to proceed
      paused: undefined,
    },
  };
}

/** The Service in front of the pods; `port` is what clients call. */
export function serviceManifest(name: string, namespace: string, model: ModelIdentity | null, port: number): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: deploymentLabels(name, model) },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(name),
      ports: [{ name: PORT_NAME, port, targetPort: PORT_NAME, protocol: 'TCP' }],
    },
  };
}
