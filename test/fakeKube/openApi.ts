import { RESOURCES, type ResourceDef } from './resources';

// GET /openapi/v2, the little of it kubectl uses. kubectl asks for the protobuf encoding
// (application/com.github.proto-openapi.spec.v2@v1.0+protobuf, gnostic's openapi_v2.Document,
// google/gnostic openapiv2/OpenAPIv2.proto) and uses it for two things:
// - validation of what `create`/`apply` send: a kind without a definition is not validated
//   (kubectl/pkg/util/openapi/validation: "resource is not present, let's just skip validation"),
//   so the document carries no definitions and kubectl validates nothing itself (the server does);
// - `--dry-run=server`: kubectl checks that the PATCH operation of the kind's path, found by its
//   x-kubernetes-group-version-kind extension, takes a `dryRun` query parameter
//   (kubectl/pkg/util/openapi/dryrun.go SupportsDryRun).
// Other clients get the same document as JSON.

export const OPENAPI_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2): strings and embedded messages. */
function field(number: number, value: string | Buffer): Buffer {
  const payload = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
}

function message(...fields: Buffer[]): Buffer {
  return Buffer.concat(fields);
}

interface PatchPath {
  path: string;
  def: ResourceDef;
}

function patchPaths(): PatchPath[] {
  return RESOURCES.map((def) => {
    const prefix = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
    return { def, path: def.namespaced ? `${prefix}/namespaces/{namespace}/${def.plural}/{name}` : `${prefix}/${def.plural}/{name}` };
  });
}

function gvkYaml(def: ResourceDef): string {
  return `group: "${def.group}"\nkind: ${def.kind}\nversion: ${def.version}\n`;
}

function operationId(def: ResourceDef): string {
  const group = def.group ? def.group[0].toUpperCase() + def.group.slice(1) : 'Core';
  return `patch${group}${def.version[0].toUpperCase()}${def.version.slice(1)}${def.namespaced ? 'Namespaced' : ''}${def.kind}`;
}

/** openapi_v2.Document in protobuf. */
export function openApiProtobuf(version: string): Buffer {
  const dryRun = message(field(1, message(field(2, message(field(3, message(field(2, 'query'), field(4, 'dryRun'), field(6, 'string'))))))));
  const pathItems = patchPaths().map(({ path, def }) => {
    const extension = message(field(1, 'x-kubernetes-group-version-kind'), field(2, message(field(2, gvkYaml(def)))));
    const operation = message(field(5, operationId(def)), field(8, dryRun), field(13, extension));
    return field(2, message(field(1, path), field(2, message(field(8, operation)))));
  });
  return message(
    field(1, '2.0'),
    field(2, message(field(1, 'Kubernetes'), field(2, version))),
    field(8, Buffer.concat(pathItems)),
  );
}

/** The same document as JSON. */
export function openApiJson(version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { path, def } of patchPaths()) {
    paths[path] = {
      patch: {
        operationId: operationId(def),
        parameters: [{ name: 'dryRun', in: 'query', type: 'string', uniqueItems: true }],
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: def.group, kind: def.kind, version: def.version },
      },
    };
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version }, paths, definitions: {} };
}
