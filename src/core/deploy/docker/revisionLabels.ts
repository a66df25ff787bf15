import type { ModelIdentity } from '../deploymentTarget';

// Everything the docker target knows lives in these container labels: a restart of VS Code or of
// Docker loses nothing, and there is no state file to drift. Labels cannot change after a container
// is created, so nothing mutable ("current") is a label: the current revision is derived from the
// roles (see revisionHistory.ts).
const PREFIX = 'org.mlops-studio';
export const LABELS = {
  deployment: `${PREFIX}.deployment`,
  revision: `${PREFIX}.revision`,
  /** "candidate": the trial run on a spare port; "serving": the revision on the deployment's port */
  role: `${PREFIX}.role`,
  modelName: `${PREFIX}.model.name`,
  modelVersion: `${PREFIX}.model.version`,
  modelRunId: `${PREFIX}.model.run-id`,
  imageReference: `${PREFIX}.image.reference`,
  imageDigest: `${PREFIX}.image.digest`,
  /** the port the container listens on (a spare one for a candidate) */
  port: `${PREFIX}.port`,
  /** the deployment's port: what a rollback and the next deployment keep */
  servicePort: `${PREFIX}.service-port`,
  created: `${PREFIX}.created`,
  changeCause: `${PREFIX}.change-cause`,
  rollbackOf: `${PREFIX}.rollback-of`,
} as const;

export type ContainerRole = 'candidate' | 'serving';

/** What one container says about its revision. */
export interface RevisionRecord {
  deployment: string;
  revision: number;
  role: ContainerRole;
  model: ModelIdentity | null;
  imageReference: string;
  imageDigest: string;
  port: number;
  servicePort: number;
  createdAt: number;
  changeCause: string;
  rollbackOf: number | null;
}

export function revisionLabels(record: RevisionRecord): Record<string, string> {
  const labels: Record<string, string> = {
    [LABELS.deployment]: record.deployment,
    [LABELS.revision]: String(record.revision),
    [LABELS.role]: record.role,
    [LABELS.imageReference]: record.imageReference,
    [LABELS.imageDigest]: record.imageDigest,
    [LABELS.port]: String(record.port),
    [LABELS.servicePort]: String(record.servicePort),
    [LABELS.created]: new Date(record.createdAt).toISOString(),
    [LABELS.changeCause]: record.changeCause,
  };
  if (record.model) {
    labels[LABELS.modelName] = record.model.name;
    labels[LABELS.modelVersion] = record.model.version;
    if (record.model.runId) labels[LABELS.modelRunId] = record.model.runId;
  }
  if (record.rollbackOf !== null) labels[LABELS.rollbackOf] = String(record.rollbackOf);
  return labels;
}

/** The record in a container's labels, or undefined when they are not ours or were edited beyond use. */
export function parseRevisionLabels(labels: Record<string, string> | undefined): RevisionRecord | undefined {
  if (!labels) return undefined;
  const deployment = labels[LABELS.deployment];
  const revision = positiveInteger(labels[LABELS.revision]);
  const port = positiveInteger(labels[LABELS.port]);
  const role = labels[LABELS.role];
  if (!deployment || revision === undefined || port === undefined || (role !== 'candidate' && role !== 'serving')) return undefined;
  const modelName = labels[LABELS.modelName];
  const createdAt = Date.parse(labels[LABELS.created] ?? '');
  return {
    deployment,
    revision,
    role,
    model: modelName ? { name: modelName, version: labels[LABELS.modelVersion] ?? '', runId: labels[LABELS.modelRunId] ?? null } : null,
    imageReference: labels[LABELS.imageReference] ?? '',
    imageDigest: labels[LABELS.imageDigest] ?? '',
    port,
    servicePort: positiveInteger(labels[LABELS.servicePort]) ?? port,
    createdAt: Number.isNaN(createdAt) ? 0 : createdAt,
    changeCause: labels[LABELS.changeCause] ?? '',
    rollbackOf: positiveInteger(labels[LABELS.rollbackOf]) ?? null,
  };
}

/** The model an image says it serves (the labels the image builder writes), if any. */
export function imageModel(labels: Record<string, string> | null | undefined): ModelIdentity | null {
  const name = labels?.[LABELS.modelName];
  const version = labels?.[LABELS.modelVersion];
  return name && version ? { name, version, runId: labels?.[LABELS.modelRunId] ?? null } : null;
}

export function containerName(deployment: string, revision: number, role: ContainerRole): string {
  return `mlops-${deployment}-r${revision}${role === 'candidate' ? '-candidate' : ''}`;
}

function positiveInteger(text: string | undefined): number | undefined {
  if (!text || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 && Number.isSafeInteger(value) ? value : undefined;
}
