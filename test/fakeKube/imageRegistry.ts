import * as http from 'node:http';
import * as https from 'node:https';

// Which images the fake kubelet can pull: a set of references the test controls, and optionally
// real registries asked over their HTTP API (HEAD /v2/<name>/manifests/<tag|digest>, the Docker
// Registry HTTP API V2) for images whose host is theirs, with the Basic credentials of the pod's
// image pull secrets for that host (the kubelet's keyring, pkg/credentialprovider). References are
// normalised like the Docker reference grammar does (github.com/distribution/reference
// ParseNormalizedNamed): `busybox` is `docker.io/library/busybox:latest`.

export interface ImageReference {
  /** domain/path, e.g. docker.io/library/busybox or 127.0.0.1:5000/model */
  name: string;
  tag?: string;
  digest?: string;
}

/** Registry host (e.g. 127.0.0.1:5115) to Basic credentials, from .dockerconfigjson `auths`. */
export type RegistryCredentials = Map<string, { username: string; password: string }>;

export interface PullResult {
  ok: boolean;
  /** sha256:..., when the registry said */
  digest?: string;
  /** containerd's wording of the failure */
  message?: string;
}

export function parseImageReference(ref: string): ImageReference {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let name = hasDomain ? rest : `docker.io/${rest}`;
  if (!hasDomain && slash < 0) name = `docker.io/library/${rest}`;
  if (!tag && !digest) tag = 'latest';
  return { name, tag, digest };
}

export function formatReference(ref: ImageReference): string {
  return `${ref.name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

function notFoundMessage(ref: string): string {
  const full = formatReference(parseImageReference(ref));
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;
}

export class ImageRegistry {
  private available: ImageReference[] = [];
  private inFlight = new Set<Promise<unknown>>();
  private readonly registries: URL[];

  constructor(images: string[], registryUrls: string[] = []) {
    for (const image of images) this.setAvailable(image, true);
    this.registries = registryUrls.map((url) => new URL(url));
  }

  /** A reference with a tag and a digest makes both `name:tag` and `name@digest` pullable. */
  setAvailable(ref: string, available: boolean): void {
    const parsed = parseImageReference(ref);
    this.available = this.available.filter((a) => !(a.name === parsed.name && a.tag === parsed.tag && a.digest === parsed.digest));
    if (available) this.available.push(parsed);
  }

  /** Answers at once from the set, or asynchronously from the registry for its own images. */
  pull(ref: string, credentials: RegistryCredentials = new Map()): PullResult | Promise<PullResult> {
    const parsed = parseImageReference(ref);
    const known = this.available.find((a) => a.name === parsed.name && ((parsed.digest && a.digest === parsed.digest) || (!parsed.digest && a.tag === parsed.tag)));
    if (known) return { ok: true, digest: known.digest };
    const registry = this.registries.find((r) => parsed.name.startsWith(`${r.host}/`));
    if (registry) {
      const lookup = this.askRegistry(registry, parsed, ref, credentials.get(registry.host));
      this.inFlight.add(lookup);
      void lookup.finally(() => this.inFlight.delete(lookup));
      return lookup;
    }
    return { ok: false, message: notFoundMessage(ref) };
  }

  /** Resolves once no registry look-up is pending. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private askRegistry(registry: URL, parsed: ImageReference, ref: string, login?: { username: string; password: string }): Promise<PullResult> {
    const path = parsed.name.slice(registry.host.length + 1);
    const url = new URL(`/v2/${path}/manifests/${parsed.digest ?? parsed.tag}`, registry);
    const client = url.protocol === 'https:' ? https : http;
    const authorization = login ? { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` } : {};
    return new Promise<PullResult>((resolve) => {
      const request = client.request(url, {
        method: 'HEAD',
        timeout: 5000,
        headers: {
          ...authorization,
          accept: [
            'application/vnd.docker.distribution.manifest.v2+json',
            'application/vnd.docker.distribution.manifest.list.v2+json',
            'application/vnd.oci.image.manifest.v1+json',
            'application/vnd.oci.image.index.v1+json',
          ].join(', '),
        },
      }, (response) => {
        response.resume();
        const digest = response.headers['docker-content-digest'];
        if (response.statusCode === 200) resolve({ ok: true, digest: typeof digest === 'string' ? digest : undefined });
        else if (response.statusCode === 401 || response.statusCode === 403) {
          const full = formatReference(parsed);
          const status = response.statusCode === 401 ? '401 Unauthorized' : '403 Forbidden';
          resolve({ ok: false, message: `rpc error: code = Unknown desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": unexpected status from HEAD request to ${url.href}: ${status}` });
        } else if (response.statusCode === 404) resolve({ ok: false, message: notFoundMessage(ref) });
        else resolve({ ok: false, message: `rpc error: code = Unknown desc = failed to resolve reference "${ref}": unexpected status ${response.statusCode}` });
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (error) => resolve({ ok: false, message: `rpc error: code = Unavailable desc = failed to resolve reference "${ref}": ${error.message}` }));
      request.end();
    });
  }
}
