import { invalid } from './apiErrors';
import type { Deployment, KubeObject, LabelSelector, PodTemplateSpec } from './kubeTypes';
import { isPlainObject } from './kubeTypes';
import type { ResourceDef } from './resources';
import { labelSelectorMatcher } from './selectors';
import { semanticEqual } from './semantic';

// The validation a cluster does that clients trip over in practice (pkg/apis/apps/validation,
// pkg/apis/core/validation): names, a selector that matches the template, containers with a
// name and an image, an immutable selector. Messages follow field.ErrorList's wording.

interface Cause {
  field: string;
  message: string;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function validateName(def: ResourceDef, name: string, causes: Cause[]): void {
  const asLabel = def.kind === 'Service' || def.kind === 'Namespace';
  const ok = asLabel ? DNS1123_LABEL.test(name) && name.length <= 63 : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
  if (!ok) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${asLabel ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-'${asLabel ? '' : " or '.'"}, and must start and end with an alphanumeric character`,
    });
  }
}

function validateTemplate(template: PodTemplateSpec | undefined, field: string, causes: Cause[]): void {
  const containers = template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ field: `${field}.spec.containers`, message: 'Required value' });
    return;
  }
  containers.forEach((c, i) => {
    if (!c.name) causes.push({ field: `${field}.spec.containers[${i}].name`, message: 'Required value' });
    if (!c.image) causes.push({ field: `${field}.spec.containers[${i}].image`, message: 'Required value' });
  });
}

function validateSelectorAndTemplate(o: Deployment, causes: Cause[]): void {
  const selector = o.spec?.selector as LabelSelector | undefined;
  if (!selector || !isPlainObject(o.spec.selector) || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
    causes.push({ field: 'spec.selector', message: 'Required value' });
  } else if (!labelSelectorMatcher(selector)(o.spec.template?.metadata?.labels)) {
    causes.push({
      field: 'spec.template.metadata.labels',
      message: `Invalid value: ${JSON.stringify(o.spec.template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\``,
    });
  }
  validateTemplate(o.spec?.template, 'spec.template', causes);
  if (typeof o.spec?.replicas === 'number' && o.spec.replicas < 0) {
    causes.push({ field: 'spec.replicas', message: `Invalid value: ${o.spec.replicas}: must be greater than or equal to 0` });
  }
}

function validateRollingUpdate(d: Deployment, causes: Cause[]): void {
  const rolling = d.spec.strategy?.rollingUpdate;
  if (d.spec.strategy?.type !== 'RollingUpdate' || !rolling) return;
  const isZero = (v: unknown) => v === 0 || v === '0%' || v === '0';
  if (isZero(rolling.maxSurge) && isZero(rolling.maxUnavailable)) {
    causes.push({ field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0' });
  }
}

/** ValidateSecret: data keys and base64 values, and a parseable .dockerconfigjson for that type. */
function validateSecret(secret: KubeObject, causes: Cause[]): void {
  const data = isPlainObject(secret.data) ? secret.data : {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      causes.push({ field: `data[${key}]`, message: 'Invalid value: "<secret contents redacted>": illegal base64 data' });
    }
  }
  if (secret.type === 'kubernetes.io/dockerconfigjson') {
    const raw = data['.dockerconfigjson'];
    if (typeof raw !== 'string') causes.push({ field: 'data[.dockerconfigjson]', message: 'Required value' });
    else {
      try {
        JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
      } catch (error) {
        causes.push({ field: 'data[.dockerconfigjson]', message: `Invalid value: "<secret contents redacted>": ${(error as Error).message}` });
      }
    }
  }
}

/** Throws 422 Invalid for an object the API server would refuse; `old` is set on update. */
export function validateObject(def: ResourceDef, object: KubeObject, old?: KubeObject): void {
  const causes: Cause[] = [];
  if (!old) validateName(def, object.metadata.name, causes);
  if (def.kind === 'Deployment' || def.kind === 'ReplicaSet') {
    validateSelectorAndTemplate(object as Deployment, causes);
    if (def.kind === 'Deployment') validateRollingUpdate(object as Deployment, causes);
    const oldSelector = (old as Deployment | undefined)?.spec?.selector;
    if (old && !semanticEqual(oldSelector, (object as Deployment).spec?.selector)) {
      causes.push({ field: 'spec.selector', message: `Invalid value: ${JSON.stringify((object as Deployment).spec?.selector)}: field is immutable` });
    }
  }
  if (def.kind === 'Pod') validateTemplate({ spec: object.spec } as PodTemplateSpec, '', causes);
  if (def.kind === 'Secret') validateSecret(object, causes);
  if (causes.length > 0) throw invalid(def.kind, def.group, object.metadata.name, causes.map((c) => ({ ...c, field: c.field.replace(/^\./, '') })));
}
