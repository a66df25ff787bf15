import * as k8s from '@kubernetes/client-node';
import { patchAs, type KubeClient } from './kubeClient';

// `kubectl rollout undo` done with client-node, step by step as kubectl 1.20 does it
// (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go DeploymentRollbacker): the
// ReplicaSets the Deployment controls, the previous or the asked revision, templates compared
// without pod-template-hash, then one JSON patch of the pod template and the annotations. The
// cross-check runs this and kubectl on twin clusters and compares what they end up with.

const REVISION = 'deployment.kubernetes.io/revision';
/** kubectl's annotationsToSkip: kept from the Deployment, never taken from the ReplicaSet */
const ANNOTATIONS_TO_SKIP = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

/** client-node's model objects as the JSON they stand for (their fields carry the JSON names). */
export function plain<T>(value: T): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export type UndoResult = { outcome: 'rolled back' } | { outcome: 'skipped'; revision: number } | { outcome: 'error'; message: string };

/** Semantic equality of two pod templates without pod-template-hash (empty values dropped). */
function canonicalTemplate(template: k8s.V1PodTemplateSpec | undefined): string {
  const copy = plain(template) as { metadata?: { labels?: Record<string, string> } };
  delete copy.metadata?.labels?.['pod-template-hash'];
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(strip).filter((v) => v !== undefined);
      return items.length ? items : undefined;
    }
    if (value && typeof value === 'object') {
      const entries = Object.keys(value).sort().map((k) => [k, strip((value as Record<string, unknown>)[k])] as const).filter(([, v]) => v !== undefined);
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return value === null || value === '' || value === false || value === 0 ? undefined : value;
  };
  return JSON.stringify(strip(copy) ?? null);
}

export async function undoWithClientNode(client: KubeClient, name: string, toRevision = 0): Promise<UndoResult> {
  const namespace = 'default';
  const d = await client.apps.readNamespacedDeployment({ name, namespace });
  if (d.spec?.paused) {
    return { outcome: 'error', message: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again` };
  }
  const selector = Object.entries(d.spec?.selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const owned = (await client.apps.listNamespacedReplicaSet({ namespace, labelSelector: selector })).items
    .filter((rs) => rs.metadata?.ownerReferences?.some((ref) => ref.controller && ref.uid === d.metadata?.uid));
  let target: k8s.V1ReplicaSet | undefined;
  let latest = { revision: -1, rs: undefined as k8s.V1ReplicaSet | undefined };
  let previous = { revision: -1, rs: undefined as k8s.V1ReplicaSet | undefined };
  for (const rs of owned) {
    const revision = Number(rs.metadata?.annotations?.[REVISION] ?? 'NaN');
    if (Number.isNaN(revision)) continue;
    if (toRevision === 0) {
      if (latest.revision < revision) {
        previous = latest;
        latest = { revision, rs };
      } else if (previous.revision < revision) previous = { revision, rs };
    } else if (revision === toRevision) target = rs;
  }
  if (toRevision > 0 && !target) return { outcome: 'error', message: `unable to find specified revision ${toRevision} in history` };
  if (toRevision === 0) {
    if (!previous.rs) return { outcome: 'error', message: `no rollout history found for deployment "${name}"` };
    target = previous.rs;
  }
  if (canonicalTemplate(target!.spec?.template) === canonicalTemplate(d.spec?.template)) {
    return { outcome: 'skipped', revision: Number(target!.metadata?.annotations?.[REVISION]) };
  }
  const template = plain(target!.spec?.template) as { metadata?: { labels?: Record<string, string> } };
  delete template.metadata?.labels?.['pod-template-hash'];
  const annotations: Record<string, string> = {};
  for (const key of ANNOTATIONS_TO_SKIP) {
    const value = d.metadata?.annotations?.[key];
    if (value !== undefined) annotations[key] = value;
  }
  for (const [key, value] of Object.entries(target!.metadata?.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.includes(key)) annotations[key] = value;
  }
  await client.apps.patchNamespacedDeployment({
    name, namespace,
    body: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  }, patchAs(k8s.PatchStrategy.JsonPatch));
  return { outcome: 'rolled back' };
}
