import { ApiError } from './apiErrors';
import { clone, isPlainObject } from './kubeTypes';

// application/strategic-merge-patch+json as k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
// applies it: maps merge, null deletes, and lists merge by the `patchMergeKey` of their Go field
// (k8s.io/api/core/v1/types.go: containers by name, ports by containerPort, env by name,
// volumeMounts by mountPath, ...) or are replaced when the field has no merge strategy. Directives:
// `$patch: replace|delete|merge` in maps and list items, `$retainKeys`,
// `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` (order only: dropped here).
// The fake knows the merge keys of the fields Deployments, ReplicaSets, Pods and Services use.

type Strategy = { mergeKey: string } | { primitiveMerge: true } | undefined;

function listStrategy(path: string[]): Strategy {
  const field = path[path.length - 1];
  const inContainer = path.some((p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers');
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'imagePullSecrets':
    case 'env':
      return { mergeKey: 'name' };
    case 'ports':
      return { mergeKey: inContainer ? 'containerPort' : 'port' };
    case 'volumeMounts':
      return { mergeKey: 'mountPath' };
    case 'volumeDevices':
      return { mergeKey: 'devicePath' };
    case 'ownerReferences':
      return { mergeKey: 'uid' };
    case 'conditions':
      return { mergeKey: 'type' };
    case 'hostAliases':
      return { mergeKey: 'ip' };
    case 'topologySpreadConstraints':
      return { mergeKey: 'topologyKey' };
    case 'finalizers':
      return { primitiveMerge: true };
    default:
      return undefined;
  }
}

function badPatch(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

function mergeList(original: unknown[], patch: unknown[], path: string[]): unknown[] {
  const strategy = listStrategy(path);
  if (patch.some((item) => isPlainObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isPlainObject(item) && item.$patch === 'replace')).map((item) => clone(item));
  }
  if (!strategy) return clone(patch);
  if ('primitiveMerge' in strategy) {
    const out = [...original];
    for (const item of patch) if (!out.includes(item)) out.push(item);
    return out;
  }
  const key = strategy.mergeKey;
  const out = original.map((item) => clone(item));
  for (const item of patch) {
    if (!isPlainObject(item)) throw badPatch(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    if (!(key in item)) throw badPatch(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const index = out.findIndex((existing) => isPlainObject(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) out[index] = mergeMap(out[index] as Record<string, unknown>, item, path);
    else out.push(mergeMap({}, item, path));
  }
  return out;
}

function mergeMap(original: Record<string, unknown>, patch: Record<string, unknown>, path: string[]): Record<string, unknown> {
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return clone(rest);
  }
  let out: Record<string, unknown> = clone(original);
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = out[field];
      if (Array.isArray(current) && Array.isArray(value)) out[field] = current.filter((item) => !value.includes(item));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    const childPath = [...path, key];
    if (isPlainObject(value) && value.$patch === 'delete') delete out[key];
    else if (isPlainObject(value) && isPlainObject(current)) out[key] = mergeMap(current, value, childPath);
    else if (Array.isArray(value) && Array.isArray(current)) out[key] = mergeList(current, value, childPath);
    else if (isPlainObject(value)) out[key] = mergeMap({}, value, childPath);
    else if (Array.isArray(value)) out[key] = mergeList([], value, childPath);
    else out[key] = clone(value);
  }
  return out;
}

export function applyStrategicMergePatch(document: Record<string, unknown>, patch: unknown): Record<string, unknown> {
  if (!isPlainObject(patch)) throw badPatch('strategic merge patch must be a JSON object');
  return mergeMap(document, patch, []);
}
