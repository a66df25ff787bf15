// The model registry's REST calls (mlflow/store/model_registry/rest_store.py).
import { TrackingError, describeError } from '../errors';
import type { Listing, ModelVersion, RegisteredModel, StoreProblem } from '../types';
import { convertEach, forEachPage } from './paging';
import { toModelVersion, toRegisteredModel, withVersions } from './registryJson';
import type { RestClient } from './restClient';

const API = '/api/2.0/mlflow';
const MODELS_PAGE_SIZE = 1000; // the server's limit for registered-models/search
const VERSIONS_PAGE_SIZE = 10_000;
const PARALLEL_VERSION_REQUESTS = 4;

export class RegistryQueries {
  constructor(
    private readonly client: RestClient,
    private readonly uri: string,
  ) {}

  /** Each model with all its versions; a model whose versions cannot be read keeps none and gets a problem. */
  async listRegisteredModels(signal?: AbortSignal): Promise<Listing<RegisteredModel>> {
    const models: RegisteredModel[] = [];
    const problems: StoreProblem[] = [];
    await forEachPage(
      this.uri,
      (pageToken) =>
        this.client.call(
          {
            method: 'GET',
            endpoint: `${API}/registered-models/search`,
            query: { max_results: MODELS_PAGE_SIZE, page_token: pageToken },
          },
          signal,
        ),
      (page) => models.push(...convertEach(page.registered_models, toRegisteredModel, describeModel, problems)),
    );
    const items = await mapLimited(models, PARALLEL_VERSION_REQUESTS, async (model) => {
      try {
        const versions = await this.listVersions(model.name, problems, signal);
        return withVersions(model, versions);
      } catch (error) {
        if (error instanceof TrackingError && error.code === 'CANCELLED') throw error;
        problems.push({ item: `registered model ${model.name}`, message: `its versions cannot be read: ${describeError(error)}` });
        return model;
      }
    });
    return { items, problems };
  }

  private async listVersions(name: string, problems: StoreProblem[], signal?: AbortSignal): Promise<ModelVersion[]> {
    const versions: ModelVersion[] = [];
    await forEachPage(
      this.uri,
      (pageToken) =>
        this.client.call(
          {
            method: 'GET',
            endpoint: `${API}/model-versions/search`,
            query: { filter: nameFilter(name), max_results: VERSIONS_PAGE_SIZE, page_token: pageToken },
          },
          signal,
        ),
      (page) => versions.push(...convertEach(page.model_versions, toModelVersion, (json, index) => describeVersion(name, json, index), problems)),
    );
    return versions;
  }
}

// MLflow's search grammar takes either quote; a name holding one quote is wrapped in the other.
function nameFilter(name: string): string {
  return name.includes("'") && !name.includes('"') ? `name="${name}"` : `name='${name}'`;
}

function describeModel(json: unknown, index: number): string {
  const name = (json as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? `registered model ${name}` : `registered model #${index + 1} of a page`;
}

function describeVersion(model: string, json: unknown, index: number): string {
  const version = (json as { version?: unknown } | null)?.version;
  return typeof version === 'string' || typeof version === 'number'
    ? `version ${version} of registered model ${model}`
    : `version #${index + 1} of registered model ${model}`;
}

/** Like Promise.all over `items`, with at most `limit` calls in flight; keeps the order. */
async function mapLimited<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
