// The resources the fake serves and the discovery documents that announce them. kubectl maps
// `deployment/x` to a resource through /api, /apis and the group-version lists (RESTMapper), so
// these mirror what a v1.30 API server answers (GET /apis/apps/v1 on any cluster), cut to the
// resources the product and kubectl's rollout commands use.

export type Subresource = 'status' | 'scale' | 'log' | 'portforward';

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  /** metadata.generation is kept and bumped on spec changes (apps strategies' PrepareForUpdate) */
  hasGeneration: boolean;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: ResourceDef[] = [
  { group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], hasGeneration: true },
  { group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], hasGeneration: true },
  { group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: ['status', 'log', 'portforward'], hasGeneration: false },
  { group: '', version: 'v1', plural: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: ['status'], hasGeneration: false },
  { group: '', version: 'v1', plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, shortNames: [], categories: [], subresources: [], hasGeneration: false },
  { group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], categories: [], subresources: [], hasGeneration: false },
  { group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], categories: [], subresources: ['status'], hasGeneration: false },
];

export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export function resourceKey(def: ResourceDef): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceByKind(kind: string): ResourceDef {
  const def = RESOURCES.find((r) => r.kind === kind);
  if (!def) throw new Error(`The fake serves no kind ${kind}`);
  return def;
}

/** GET /version: a server the product and kubectl accept. */
export const SERVER_VERSION = {
  major: '1',
  minor: '30',
  gitVersion: 'v1.30.0-fakekube',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-04-17T00:00:00Z',
  goVersion: 'go1.22.2',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** GET /api (metav1.APIVersions) */
export function legacyApiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** GET /apis (metav1.APIGroupList) */
export function apiGroupList(): Record<string, unknown> {
  const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((name) => {
      const version = { groupVersion: `${name}/v1`, version: 'v1' };
      return { name, versions: [version], preferredVersion: version };
    }),
  };
}

/** GET /apis/<group> (metav1.APIGroup), used by older clients that discover group by group. */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  if (!RESOURCES.some((r) => r.group === group)) return undefined;
  const version = { groupVersion: `${group}/v1`, version: 'v1' };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [version], preferredVersion: version };
}

/** GET /api/v1 or /apis/<group>/v1 (metav1.APIResourceList), subresources included. */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const defs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (defs.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const def of defs) {
    resources.push({
      name: def.plural,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: def.kind === 'Event' || def.kind === 'Namespace' ? ALL_VERBS.filter((v) => v !== 'deletecollection' || def.kind === 'Event') : ALL_VERBS,
      ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
      ...(def.categories.length ? { categories: def.categories } : {}),
    });
    for (const sub of def.subresources) {
      if (sub === 'scale') {
        resources.push({ name: `${def.plural}/scale`, singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
      } else if (sub === 'portforward') {
        resources.push({ name: `${def.plural}/portforward`, singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
      } else if (sub === 'log') {
        resources.push({ name: `${def.plural}/log`, singularName: '', namespaced: true, kind: def.kind, verbs: ['get'] });
      } else {
        resources.push({ name: `${def.plural}/status`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: ['get', 'patch', 'update'] });
      }
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
