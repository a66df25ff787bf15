import { isPlainObject } from './kubeTypes';

// The API server decodes every request into Go structs and encodes its answers from them, so two
// JSON documents that decode to the same struct are the same object to it: a missing field, null,
// an empty map and an omitempty zero value all decode alike. kubectl relies on this when it sends a
// ReplicaSet's template back (with `creationTimestamp: null` and `resources: {}`), and the
// deployment controller compares templates with apimachinery's `equality.Semantic.DeepEqual`,
// which treats nil and empty slices and maps as equal. The fake has no Go schema, so it canonicalises
// JSON instead: zero values and empty containers are dropped, keys are sorted. (It cannot tell a
// pointer field set to false/0 from an unset one; templates do not depend on that difference.)

export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = canonical(value[key]);
      if (item !== undefined) out[key] = item;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (value === null || value === undefined || value === false || value === 0 || value === '') return undefined;
  return value;
}

/** JSON with sorted keys and no zero values: equal strings mean semantically equal documents. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value) ?? null);
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with sorted keys, nothing dropped: equality of JSON values (RFC 6902 `test`). */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v);
}
