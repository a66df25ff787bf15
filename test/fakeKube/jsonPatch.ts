import { ApiError } from './apiErrors';
import { clone, isPlainObject } from './kubeTypes';
import { sortedJson } from './semantic';

// application/json-patch+json (RFC 6902, what `kubectl rollout undo` sends) and
// application/merge-patch+json (RFC 7386). The API server applies them with evanphx/json-patch
// and answers a failing patch with 422 (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go).

function patchFailed(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchFailed(`invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(doc: unknown, tokens: string[], op: string): { parent: Container; key: string } {
  let node: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isPlainObject(node)) node = node[token];
    else node = undefined;
    if (node === undefined) throw patchFailed(`${op} operation does not apply: doc is missing path: /${tokens.join('/')}`);
  }
  if (!Array.isArray(node) && !isPlainObject(node)) throw patchFailed(`${op} operation does not apply: doc is missing path: /${tokens.join('/')}`);
  return { parent: node, key: tokens[tokens.length - 1] };
}

function getAt(doc: unknown, tokens: string[], op: string): unknown {
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens, op);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw patchFailed(`${op} operation does not apply: doc is missing path: /${tokens.join('/')}`);
  return value;
}

function arrayIndex(parent: unknown[], key: string, forInsert: boolean, op: string): number {
  if (forInsert && key === '-') return parent.length;
  const index = Number(key);
  const limit = forInsert ? parent.length : parent.length - 1;
  if (!/^\d+$/.test(key) || index > limit) throw patchFailed(`${op} operation does not apply: index out of range: ${key}`);
  return index;
}

function remove(doc: unknown, tokens: string[], op: string): unknown {
  const { parent, key } = parentOf(doc, tokens, op);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false, op), 1)[0];
  if (!(key in parent)) throw patchFailed(`${op} operation does not apply: doc is missing key: /${tokens.join('/')}`);
  const value = parent[key];
  delete parent[key];
  return value;
}

function add(doc: unknown, tokens: string[], value: unknown, op: string): unknown {
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, op), 0, value);
  else parent[key] = value;
  return doc;
}

export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(document);
  for (const operation of patch) {
    if (!isPlainObject(operation) || typeof operation.op !== 'string' || typeof operation.path !== 'string') {
      throw patchFailed('Unexpected kind: invalid operation');
    }
    const op = operation.op;
    const tokens = decodePointer(operation.path);
    switch (op) {
      case 'add':
        doc = add(doc, tokens, clone(operation.value), op);
        break;
      case 'remove':
        remove(doc, tokens, op);
        break;
      case 'replace':
        if (tokens.length === 0) doc = clone(operation.value);
        else {
          getAt(doc, tokens, op);
          const { parent, key } = parentOf(doc, tokens, op);
          if (Array.isArray(parent)) parent[arrayIndex(parent, key, false, op)] = clone(operation.value);
          else parent[key] = clone(operation.value);
        }
        break;
      case 'move': {
        const value = remove(doc, decodePointer(String(operation.from)), op);
        doc = add(doc, tokens, value, op);
        break;
      }
      case 'copy':
        doc = add(doc, tokens, clone(getAt(doc, decodePointer(String(operation.from)), op)), op);
        break;
      case 'test':
        if (sortedJson(getAt(doc, tokens, op)) !== sortedJson(operation.value)) {
          throw patchFailed(`testing value /${tokens.join('/')} failed: test failed`);
        }
        break;
      default:
        throw patchFailed(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

/** RFC 7386: objects merge key by key, null deletes, anything else (lists included) replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
