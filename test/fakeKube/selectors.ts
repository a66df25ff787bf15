import { badRequest } from './apiErrors';
import type { KubeObject, LabelSelector } from './kubeTypes';

// Label selectors as k8s.io/apimachinery/pkg/labels/selector.go parses them (equality-based
// `a=b`, `a==b`, `a!=b` and set-based `a in (x,y)`, `a notin (x)`, `a`, `!a`, plus `a>1`/`a<1`),
// metav1.LabelSelector objects (LabelSelectorAsSelector), and field selectors
// (k8s.io/apimachinery/pkg/fields) over the fields each resource's registry supports.

export type Matcher = (labels: Record<string, string> | undefined) => boolean;

interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';
  values: string[];
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseRequirement(text: string): Requirement {
  let m = /^([^\s!=<>()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (m) return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') };
  m = /^!\s*([^\s!=<>()]+)$/.exec(text);
  if (m) return { key: m[1], op: '!', values: [] };
  m = /^([^\s!=<>()]+)\s*(==|=|!=|>|<)\s*([^\s!=<>(),]*)$/.exec(text);
  if (m) {
    const op = m[2] === '==' ? '=' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : (m[2] as '=' | '!=');
    return { key: m[1], op, values: [m[3]] };
  }
  m = /^([^\s!=<>()]+)$/.exec(text);
  if (m) return { key: m[1], op: 'exists', values: [] };
  throw badRequest(`unable to parse requirement: ${text}`);
}

function matches(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case 'exists': return has;
    case '!': return !has;
    case '=': return has && value === req.values[0];
    case '!=': return !has || value !== req.values[0];
    case 'in': return has && req.values.includes(value);
    case 'notin': return !has || !req.values.includes(value);
    case 'gt': return has && Number(value) > Number(req.values[0]);
    case 'lt': return has && Number(value) < Number(req.values[0]);
  }
}

function matcherOf(requirements: Requirement[]): Matcher {
  return (labels) => requirements.every((req) => matches(req, labels ?? {}));
}

/** The `labelSelector` query parameter. */
export function parseLabelSelector(text: string | null | undefined): Matcher {
  if (!text) return () => true;
  return matcherOf(splitTopLevel(text).map(parseRequirement));
}

/** metav1.LabelSelector; an empty selector matches everything, as LabelSelectorAsSelector says. */
export function labelSelectorMatcher(selector: LabelSelector | undefined): Matcher {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) requirements.push({ key, op: '=', values: [value] });
  for (const expr of selector?.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[expr.operator];
    requirements.push({ key: expr.key, op, values: expr.values ?? [] });
  }
  return matcherOf(requirements);
}

/** metav1.FormatLabelSelector, e.g. for the Scale subresource's status.selector. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  for (const expr of selector?.matchExpressions ?? []) {
    if (expr.operator === 'Exists') parts.push(expr.key);
    else if (expr.operator === 'DoesNotExist') parts.push(`!${expr.key}`);
    else parts.push(`${expr.key} ${expr.operator === 'In' ? 'in' : 'notin'} (${(expr.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

// Each registry's GetAttrs/field label conversion funcs (pkg/registry/core/pod/strategy.go
// PodToSelectableFields, pkg/registry/core/event/strategy.go ToSelectableFields, ...).
const FIELDS: Record<string, Record<string, (o: KubeObject) => unknown>> = {
  Pod: {
    'spec.nodeName': (o) => (o.spec as Record<string, unknown>)?.nodeName,
    'spec.restartPolicy': (o) => (o.spec as Record<string, unknown>)?.restartPolicy,
    'spec.schedulerName': (o) => (o.spec as Record<string, unknown>)?.schedulerName,
    'spec.serviceAccountName': (o) => (o.spec as Record<string, unknown>)?.serviceAccountName,
    'status.phase': (o) => (o.status as Record<string, unknown>)?.phase,
    'status.podIP': (o) => (o.status as Record<string, unknown>)?.podIP,
  },
  Event: {
    'involvedObject.kind': (o) => (o.involvedObject as Record<string, unknown>)?.kind,
    'involvedObject.namespace': (o) => (o.involvedObject as Record<string, unknown>)?.namespace,
    'involvedObject.name': (o) => (o.involvedObject as Record<string, unknown>)?.name,
    'involvedObject.uid': (o) => (o.involvedObject as Record<string, unknown>)?.uid,
    'involvedObject.apiVersion': (o) => (o.involvedObject as Record<string, unknown>)?.apiVersion,
    'involvedObject.resourceVersion': (o) => (o.involvedObject as Record<string, unknown>)?.resourceVersion,
    'involvedObject.fieldPath': (o) => (o.involvedObject as Record<string, unknown>)?.fieldPath,
    reason: (o) => o.reason,
    reportingComponent: (o) => o.reportingComponent,
    source: (o) => (o.source as Record<string, unknown>)?.component,
    type: (o) => o.type,
  },
  ReplicaSet: { 'status.replicas': (o) => (o.status as Record<string, unknown>)?.replicas },
  Namespace: { 'status.phase': (o) => (o.status as Record<string, unknown>)?.phase },
};

export type ObjectMatcher = (object: KubeObject) => boolean;

/** The `fieldSelector` query parameter; unknown fields are refused like the API server does. */
export function parseFieldSelector(text: string | null | undefined, kind: string): ObjectMatcher {
  if (!text) return () => true;
  const terms = text.split(',').map((t) => t.trim()).filter((t) => t !== '').map((term) => {
    const m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1];
    const getter = field === 'metadata.name' ? (o: KubeObject) => o.metadata.name
      : field === 'metadata.namespace' ? (o: KubeObject) => o.metadata.namespace
        : FIELDS[kind]?.[field];
    if (!getter) throw badRequest(`field label not supported: ${field}`);
    return { getter, negate: m[2] === '!=', value: m[3] };
  });
  return (object) => terms.every(({ getter, negate, value }) => {
    const actual = getter(object);
    const text = actual === undefined || actual === null ? '' : String(actual);
    return negate ? text !== value : text === value;
  });
}
