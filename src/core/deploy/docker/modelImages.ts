import type { ModelIdentity } from '../deploymentTarget';
import { dockerCall } from './dockerCall';
import { LABELS } from './revisionLabels';
import type { RevisionContainers } from './revisionContainers';

/** An image on the engine that says (by its labels) which model version it serves. */
export interface ModelImage {
  /** its first tag, or its id when it has none */
  reference: string;
  id: string;
  createdAt: number;
}

/** The engine's images of one model version, newest first: what "Deploy" can use without building. */
export async function listModelImages(containers: RevisionContainers, model: ModelIdentity, signal: AbortSignal): Promise<ModelImage[]> {
  const filters = { label: [`${LABELS.modelName}=${model.name}`, `${LABELS.modelVersion}=${model.version}`] };
  const images = await dockerCall(containers.host, 'list images', signal, (s) => containers.docker.listImages({ filters, abortSignal: s }));
  return images
    .map((image) => ({
      reference: image.RepoTags?.find((tag) => tag !== '<none>:<none>') ?? image.Id,
      id: image.Id,
      createdAt: image.Created * 1000,
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}
