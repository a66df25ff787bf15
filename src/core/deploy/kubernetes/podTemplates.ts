import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { POD_TEMPLATE_HASH } from './kubeLabels';

/**
 * kubectl's equalIgnoreHash (k8s.io/kubectl/pkg/polymorphichelpers/rollback.go): two pod templates
 * are the same revision when they are equal but for the `pod-template-hash` label the deployment
 * controller adds to a ReplicaSet's copy. Equality is apimachinery's Semantic.DeepEqual, for which
 * an absent, null, empty map and empty list are all the same.
 */
export function equalIgnoreHash(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined): boolean {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}

/** A copy of the template without the `pod-template-hash` label, as kubectl patches it back into a Deployment. */
export function withoutHash(template: V1PodTemplateSpec | undefined): V1PodTemplateSpec {
  const copy = plain(template ?? {}) as V1PodTemplateSpec;
  const labels = copy.metadata?.labels;
  if (labels) delete labels[POD_TEMPLATE_HASH];
  return copy;
}

/** JSON-shaped deep copy: Dates as RFC 3339 text, undefined dropped. */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(prune(value) ?? null);
}

/** Drops what Semantic.DeepEqual does not tell apart from absence (null, {}, []), and sorts keys. */
function prune(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => prune(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const entries = Object.keys(value as object).sort().flatMap((key) => {
      const pruned = prune((value as Record<string, unknown>)[key]);
      return pruned === undefined ? [] : [[key, pruned] as const];
    });
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value;
}
