// The registry's alias endpoints, with the request shapes of MLflow's own client
// (mlflow/store/model_registry/rest_store.py): both send a JSON body, DELETE included.
import type { RegistryWrites } from '../types';
import type { RestClient } from './restClient';

const ALIAS_ENDPOINT = '/api/2.0/mlflow/registered-models/alias';

export class RestRegistryWrites implements RegistryWrites {
  constructor(private readonly client: RestClient) {}

  async setModelAlias(name: string, alias: string, version: string, signal?: AbortSignal): Promise<void> {
    await this.client.call({ method: 'POST', endpoint: ALIAS_ENDPOINT, body: { name, alias, version: String(version) } }, signal);
  }

  async deleteModelAlias(name: string, alias: string, signal?: AbortSignal): Promise<void> {
    await this.client.call({ method: 'DELETE', endpoint: ALIAS_ENDPOINT, body: { name, alias } }, signal);
  }
}
