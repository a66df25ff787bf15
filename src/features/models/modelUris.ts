import type { LoggedModel, ModelVersion } from '../../core/tracking/types';

export interface ModelUri {
  uri: string;
  /** what loading this URI gets, for the quick pick */
  meaning: string;
}

/** The URIs mlflow.<flavor>.load_model accepts for a version: the version itself, then each alias. */
export function versionUris(version: ModelVersion): ModelUri[] {
  return [
    { uri: `models:/${version.name}/${version.version}`, meaning: `always version ${version.version}` },
    ...[...version.aliases].sort().map((alias) => ({ uri: `models:/${version.name}@${alias}`, meaning: `whichever version @${alias} points at` })),
  ];
}

export function loggedModelUri(model: LoggedModel): string {
  return `models:/${model.model_id}`;
}
