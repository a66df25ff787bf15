// Puts lists whose order MLflow does not define into one canonical order, so that answers compare.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const text = (value: Json | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));
const field = (item: Json, ...path: string[]): string => {
  let current: Json | undefined = item;
  for (const key of path) current = current && typeof current === 'object' && !Array.isArray(current) ? current[key] : undefined;
  return text(current);
};

function sortBy(list: Json[], key: (item: Json) => string): Json[] {
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function orderList(name: string | undefined, list: Json[]): Json[] {
  const first = list[0];
  if (first === undefined) return list;
  if (typeof first === 'string' && name === 'aliases') return [...list].sort();
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return list;
  if (name === 'dataset_inputs') return sortBy(list, (d) => field(d, 'dataset', 'name') + '\0' + field(d, 'dataset', 'digest'));
  if (name === 'tags') return sortBy(list, (t) => field(t, 'key'));
  if (name === 'metrics') return sortBy(list, (m) => field(m, 'key') + '\0' + field(m, 'timestamp'));
  if (name === 'runs' && 'run_id' in first) return sortBy(list, (r) => field(r, 'run_id'));
  if ('model_id' in first && 'artifact_location' in first) return sortBy(list, (m) => field(m, 'model_id'));
  if ('digest' in first && 'runs' in first) {
    return sortBy(list, (d) => field(d, 'name') + '\0' + field(d, 'digest') + '\0' + field(d, 'experiment_id'));
  }
  return list;
}

export function normalize(value: unknown, name?: string): unknown {
  const json = value as Json;
  if (Array.isArray(json)) return orderList(name, json.map((item) => normalize(item) as Json));
  if (json && typeof json === 'object') {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(json).sort()) result[key] = normalize(json[key], key);
    return result;
  }
  return json;
}
