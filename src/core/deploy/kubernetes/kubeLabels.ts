import type { DeployRequest, ModelIdentity } from '../deploymentTarget';

// The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels)
// say what runs; the model's exact name, version and run id, which need not be valid label values,
// go into pod-template annotations so every ReplicaSet (revision) keeps its own.
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  version: 'app.kubernetes.io/version',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

export const MANAGED_BY = 'mlops-studio';

export const ANNOTATIONS = {
  changeCause: 'kubernetes.io/change-cause',
  revision: 'deployment.kubernetes.io/revision',
  revisionHistory: 'deployment.kubernetes.io/revision-history',
  desiredReplicas: 'deployment.kubernetes.io/desired-replicas',
  maxReplicas: 'deployment.kubernetes.io/max-replicas',
  lastApplied: 'kubectl.kubernetes.io/last-applied-configuration',
  deprecatedRollbackTo: 'deprecated.deployment.rollback.to',
  modelName: 'mlops-studio.org/model-name',
  modelVersion: 'mlops-studio.org/model-version',
  modelRunId: 'mlops-studio.org/model-run-id',
  imageReference: 'mlops-studio.org/image',
  /** on a ReplicaSet once its rollout completed: Kubernetes itself does not remember that a revision ever served */
  servedAt: 'mlops-studio.org/served-at',
} as const;

export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** The selector of every deployment's pods and of its Service: stable across revisions (a Deployment's selector cannot change). */
export function selectorLabels(deployment: string): Record<string, string> {
  return { [LABELS.instance]: deployment, [LABELS.managedBy]: MANAGED_BY };
}

export const MANAGED_SELECTOR = `${LABELS.managedBy}=${MANAGED_BY}`;

export function instanceSelector(deployment: string): string {
  return `${LABELS.instance}=${deployment},${MANAGED_SELECTOR}`;
}

/** The labels of the Deployment, its pod template and its Service. */
export function deploymentLabels(deployment: string, model: ModelIdentity | null): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(deployment),
    [LABELS.name]: labelValue(model?.name ?? deployment) || deployment,
  };
  const version = model ? labelValue(model.version) : '';
  if (version) labels[LABELS.version] = version;
  return labels;
}

/** A label value (at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends) made from any text; '' when nothing is left. */
export function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

export function modelAnnotations(model: ModelIdentity | null, image: string): Record<string, string> {
  const annotations: Record<string, string> = { [ANNOTATIONS.imageReference]: image };
  if (model) {
    annotations[ANNOTATIONS.modelName] = model.name;
    annotations[ANNOTATIONS.modelVersion] = model.version;
    if (model.runId) annotations[ANNOTATIONS.modelRunId] = model.runId;
  }
  return annotations;
}

export function modelFromAnnotations(annotations: Record<string, string> | undefined): ModelIdentity | null {
  const name = annotations?.[ANNOTATIONS.modelName];
  const version = annotations?.[ANNOTATIONS.modelVersion];
  if (!name || !version) return null;
  return { name, version, runId: annotations[ANNOTATIONS.modelRunId] ?? null };
}

/** The `kubernetes.io/change-cause` of a deployment: the caller's words, else model, version and image. */
export function changeCauseText(request: Pick<DeployRequest, 'model' | 'image' | 'changeCause'>): string {
  const given = request.changeCause?.trim();
  if (given) return given;
  return request.model ? `Deploy ${request.model.name} v${request.model.version} (${request.image})` : `Deploy ${request.image}`;
}
