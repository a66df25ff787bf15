import { canonicalJson } from './semantic';
import type { PodTemplateSpec } from './kubeTypes';
import { clone } from './kubeTypes';

/** apps/v1 DefaultDeploymentUniqueLabelKey */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits, so generated names spell no words. */
export const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each character of `s` mapped into SAFE_ALPHANUMS by its code point. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHANUMS[ch.codePointAt(0)! % SAFE_ALPHANUMS.length];
  return out;
}

function fnv32a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * pkg/controller/controller_utils.go ComputeHash: fnv32a over the template, then the collision
 * count as 8 little-endian bytes, printed in decimal and safe-encoded. Upstream feeds the hasher a
 * spew dump of the Go struct (hashutil.DeepHashObject), which has no JSON equivalent, so the fake
 * hashes the template's canonical JSON: the names have the real shape (e.g. `web-5d8b9cbf7c`),
 * stay stable across semantically equal templates, but differ from a real cluster's.
 */
export function computeTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  const withoutHash = clone(template);
  if (withoutHash.metadata?.labels) delete withoutHash.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(withoutHash)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncodeString(String(hash));
}

/** EqualIgnoreHash (deployment_util.go): templates equal once pod-template-hash is removed. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  const strip = (template: PodTemplateSpec) => {
    const copy = clone(template);
    if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    return canonicalJson(copy);
  };
  return strip(a) === strip(b);
}
