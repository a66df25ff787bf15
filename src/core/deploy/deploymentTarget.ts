// The contract every place a model can run implements: the local Docker engine now, a Kubernetes
// cluster next. Its words are Kubernetes' (revision, rollout, rollback, change cause) so that a
// Deployment with its ReplicaSet revisions maps onto it one to one.

export type TargetKind = 'docker' | 'kubernetes';

/** The registered model version an image serves. */
export interface ModelIdentity {
  name: string;
  version: string;
  runId?: string | null;
}

export interface DeployRequest {
  /** a DNS-1123 label (see deploymentName.ts), so it is also a valid Kubernetes Deployment name */
  name: string;
  /** an image reference or id; the target pins the revision to the image's digest */
  image: string;
  /** the model version the image serves; null for an image deployed as is */
  model: ModelIdentity | null;
  /** the port clients call; undefined keeps the current revision's port, else the image's */
  port?: number;
  /** why this revision exists, like Kubernetes' `kubernetes.io/change-cause` annotation */
  changeCause?: string;
}

/** How a rollout proceeds; the settings `mlops.deploy.*`, or a Deployment's spec on Kubernetes. */
export interface RolloutPolicy {
  /** a new revision must answer `GET /ping` with 200 within this time (progressDeadlineSeconds) */
  healthTimeoutMs: number;
  /** a revision that fails is stopped and the previous one stays current; off, it is left as it is for inspection */
  autoRollback: boolean;
  /** old revisions kept besides the current one; older ones are removed */
  revisionHistoryLimit: number;
}

export type RevisionStatus = 'healthy' | 'unhealthy' | 'stopped';

export interface Revision {
  deployment: string;
  /** 1, 2, 3, ... in the order they were made; a rollback makes a new one */
  revision: number;
  /** the revision clients are served by (or would be, when stopped) */
  current: boolean;
  /** passed its health check and became current at some point; false for a failed rollout */
  served: boolean;
  /** now: answering `/ping` with 200, running but not, or not running */
  status: RevisionStatus;
  model: ModelIdentity | null;
  image: { reference: string; digest: string };
  port: number;
  /** epoch ms */
  createdAt: number;
  changeCause: string;
  /** the revision whose spec this one deployed again, when it came from a rollback */
  rollbackOf: number | null;
  /** what the target calls it: a container id, a ReplicaSet name */
  handle: string;
}

export interface DeploymentSummary {
  name: string;
  /** null while no revision has served yet */
  current: Revision | null;
  /** newest first */
  revisions: Revision[];
}

/** What a rollout is doing, for progress messages (`kubectl rollout status`). */
export type RolloutStep =
  | { step: 'checking'; name: string }
  | { step: 'starting'; revision: number; port: number }
  /** `detail`: the target's own words, e.g. kubectl's "Waiting for deployment ... rollout to finish: 0 of 1 updated replicas are available..." */
  | { step: 'waitingHealthy'; revision: number; url: string; detail?: string }
  | { step: 'switching'; revision: number; from: number | null; port: number }
  | { step: 'rollingBack'; revision: number; to: number | null; reason: string }
  | { step: 'done'; revision: number };

export interface RolloutResult {
  /** the new current revision, healthy */
  revision: Revision;
  /** the revision it replaced, or null for a first deployment */
  previous: Revision | null;
  /** from the call to the new revision serving */
  elapsedMs: number;
  /** set when nothing had to change, in the target's words: "skipped rollback (current template already matches revision 2)" */
  skipped?: string;
}

export interface TargetCall {
  signal: AbortSignal;
}

export interface RolloutCall extends TargetCall {
  policy: RolloutPolicy;
  onProgress?: (step: RolloutStep) => void;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogCall extends TargetCall {
  /** default: the current revision */
  revision?: number;
  /** lines from the end to start with */
  tail: number;
  /** keep going until `signal` aborts or the revision stops */
  follow: boolean;
  onLine: (line: LogLine) => void;
}

export interface InvocationResult {
  url: string;
  status: number;
  contentType: string | null;
  body: string;
  elapsedMs: number;
}

export interface TargetInfo {
  /** "Docker 20.10.24", "Kubernetes v1.30.2" */
  version: string;
}

export interface Subscription {
  dispose(): void;
}

export interface DeploymentTarget {
  readonly kind: TargetKind;
  /** where, for confirmations: "the Docker engine unix:///var/run/docker.sock" */
  readonly description: string;
  /** where, briefly, for the tree: the engine's host, the cluster's context and namespace */
  readonly location: string;
  /** Rejects with a DeployError TARGET_UNAVAILABLE that says what to do when the target cannot be reached. */
  check(call: TargetCall): Promise<TargetInfo>;
  list(call: TargetCall): Promise<DeploymentSummary[]>;
  /** Rejects with NOT_FOUND when the deployment has no revisions. */
  history(name: string, call: TargetCall): Promise<DeploymentSummary>;
  /** Makes revision N+1; it becomes current only once healthy. The current revision serves meanwhile. */
  deploy(request: DeployRequest, call: RolloutCall): Promise<RolloutResult>;
  /** Deploys a kept revision's spec again as a new revision (`kubectl rollout undo [--to-revision]`); default: the previous one. */
  rollback(name: string, toRevision: number | undefined, call: RolloutCall & { changeCause?: string }): Promise<RolloutResult>;
  logs(name: string, call: LogCall): Promise<void>;
  /** POSTs `body` (JSON) to the current revision's `/invocations`. */
  invoke(name: string, body: string, call: TargetCall & { timeoutMs: number }): Promise<InvocationResult>;
  /** Stops serving; the revisions stay for a later rollback. */
  stop(name: string, call: TargetCall): Promise<void>;
  /** Removes the deployment and every revision of it. */
  remove(name: string, call: TargetCall): Promise<void>;
  /** Calls `onChange` when any deployment on the target changes; `onError` once if the watch ends. */
  watch(onChange: () => void, onError: (error: unknown) => void): Subscription;
}

/** The number the next deployment of `summary` gets. */
export function nextRevisionNumber(summary: DeploymentSummary | null): number {
  return Math.max(0, ...(summary?.revisions.map((r) => r.revision) ?? [])) + 1;
}
