// The labels every built image carries, so that deployments and the Models view can tell which
// model version an image serves without asking the registry.
export const IMAGE_LABELS = {
  modelName: 'org.mlops-studio.model.name',
  modelVersion: 'org.mlops-studio.model.version',
  runId: 'org.mlops-studio.model.run-id',
  gitCommit: 'org.mlops-studio.model.git-commit',
  buildTime: 'org.mlops-studio.model.build-time',
  servingPort: 'org.mlops-studio.serving.port',
} as const;

export interface LabelInputs {
  name: string;
  version: string;
  runId: string | null;
  gitCommit: string | null;
  builtAt: Date;
  port: number;
}

export function imageLabels(inputs: LabelInputs): Record<string, string> {
  const labels: Record<string, string> = {
    [IMAGE_LABELS.modelName]: inputs.name,
    [IMAGE_LABELS.modelVersion]: inputs.version,
    [IMAGE_LABELS.buildTime]: inputs.builtAt.toISOString(),
    [IMAGE_LABELS.servingPort]: String(inputs.port),
  };
  if (inputs.runId) labels[IMAGE_LABELS.runId] = inputs.runId;
  if (inputs.gitCommit) labels[IMAGE_LABELS.gitCommit] = inputs.gitCommit;
  return labels;
}
