// Image references as the engine reads them: [registry-host[:port]/]path[:tag][@digest].
import { BuildError } from './buildErrors';

export interface ImageReference {
  /** registry host[:port], or null for Docker Hub */
  registry: string | null;
  /** repository path without the registry: team/iris-classifier */
  repository: string;
  tag: string | null;
  digest: string | null;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** A repository name component made from a model name: "Iris Classifier" -> "iris-classifier". */
export function repositoryNameFor(modelName: string): string {
  const cleaned = modelName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  return cleaned === '' ? 'model' : cleaned;
}

/** `<registry>/<model>:<version>`, or `<model>:<version>` with no registry. */
export function defaultImageTag(registry: string | undefined, modelName: string, version: string): string {
  const prefix = (registry ?? '').trim().replace(/\/+$/, '');
  const tag = version.replace(/[^\w.-]/g, '-');
  return `${prefix ? `${prefix}/` : ''}${repositoryNameFor(modelName)}:${tag}`;
}

export function parseImageReference(reference: string): ImageReference {
  const invalid = (why: string) =>
    new BuildError('INVALID_ARGUMENT', `"${reference}" is not a valid image reference (${why}); write it like 127.0.0.1:5000/team/model:1`);
  let rest = reference.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid('bad digest');
  }
  const parts = rest.split('/');
  let registry: string | null = null;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) registry = parts.shift() ?? null;
  let tag: string | null = null;
  const last = parts[parts.length - 1];
  const colon = last.lastIndexOf(':');
  if (colon >= 0) {
    tag = last.slice(colon + 1);
    parts[parts.length - 1] = last.slice(0, colon);
    if (!TAG.test(tag)) throw invalid('bad tag');
  }
  if (parts.some((p) => !COMPONENT.test(p))) throw invalid('repository names are lower-case letters, digits and . _ - separators');
  return { registry, repository: parts.join('/'), tag, digest };
}

/** The reference without tag and digest, as `docker push` names it. */
export function repositoryOf(reference: ImageReference): string {
  return `${reference.registry ? `${reference.registry}/` : ''}${reference.repository}`;
}
