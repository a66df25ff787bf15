// Which images a cluster can run: ones in a registry its nodes pull from. No vscode here, so the unit tests read it.
import { parseImageReference } from '../../core/build/imageReference';
import { describeError } from '../../core/tracking/errors';

/** What the engine lists of one image (dockerode's ImageInfo, the fields used). */
export interface EngineImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  /** epoch seconds */
  Created: number;
}

/** An image of a model version that was pushed to the registry: its tag there, and the digest the registry gave it. */
export interface PushedImage {
  reference: string;
  repoDigest: string;
  createdAt: number;
}

/**
 * Why `image` cannot be deployed to a cluster, or undefined. The nodes pull images themselves, so
 * an image id or a name without a registry host (which would mean Docker Hub, or nothing) is refused.
 */
export function clusterImageProblem(image: string): string | undefined {
  const trimmed = image.trim();
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(trimmed)) return `${trimmed} is an image id on this machine's engine`;
  let registry: string | null;
  try {
    registry = parseImageReference(trimmed).registry;
  } catch (error) {
    return describeError(error);
  }
  return registry ? undefined : `${trimmed} names no registry (write Docker Hub images as docker.io/team/name:tag)`;
}

/**
 * The tags under `registry` (host[:port][/namespace]) of images the engine pushed there: a push
 * leaves a RepoDigest in the same repository. Newest first.
 */
export function pushedImages(images: EngineImage[], registry: string): PushedImage[] {
  const prefix = `${registry.trim().replace(/\/+$/, '')}/`;
  if (prefix === '/') return [];
  const found: PushedImage[] = [];
  for (const image of [...images].sort((a, b) => b.Created - a.Created)) {
    for (const tag of image.RepoTags ?? []) {
      if (!tag.startsWith(prefix)) continue;
      const repository = tag.slice(0, tag.lastIndexOf(':') > tag.lastIndexOf('/') ? tag.lastIndexOf(':') : tag.length);
      const repoDigest = (image.RepoDigests ?? []).find((d) => d.startsWith(`${repository}@`));
      if (repoDigest) found.push({ reference: tag, repoDigest, createdAt: image.Created * 1000 });
    }
  }
  return found;
}
