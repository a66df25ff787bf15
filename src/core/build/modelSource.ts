// Where a model version's files are: its `source` followed through run and logged-model URIs
// to artifact locations, the most likely first (MLflow 3 keeps a model logged with a run in a
// logged model, not in the run's artifacts, so runs:/ sources may point at either).
import type { LoggedModel, ModelVersion, TrackingStore } from '../tracking/types';
import { type ArtifactContext, type ArtifactLocation, childLocation, locateArtifacts } from './artifactLocation';
import { BuildError } from './buildErrors';
import { findModelVersion } from './modelVersionLookup';

export interface SourceContext extends ArtifactContext {
  store: TrackingStore;
  signal?: AbortSignal;
}

const MAX_INDIRECTIONS = 5;

/** Candidate folders for the version's MLflow model, to try in order; never empty. */
export async function modelLocations(version: ModelVersion, context: SourceContext, depth = 0): Promise<ArtifactLocation[]> {
  const source = version.source.trim();
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (runs) return runSourceLocations(runs[1], runs[2], context);
  const logged = /^models:\/(m-[0-9a-f]+)\/?$/i.exec(source)?.[1] ?? (source === '' ? version.model_id : null);
  if (logged) return [await loggedModelLocation(logged, version.run_id, context)];
  const registered = /^models:\/([^/@]+)(?:\/([^/]+)|@([^/]+))\/?$/.exec(source);
  if (registered) {
    if (depth >= MAX_INDIRECTIONS) throw new BuildError('MODEL_UNAVAILABLE', `model version source ${source} refers to other versions more than ${MAX_INDIRECTIONS} times`);
    const [, name, number, alias] = registered;
    const target = await findModelVersion(context.store, { name: decodeURIComponent(name), ...(alias ? { alias } : { version: number }) }, context.signal);
    return modelLocations(target, context, depth + 1);
  }
  if (source === '') throw new BuildError('MODEL_UNAVAILABLE', `model "${version.name}" version ${version.version} has no source`);
  return [locateArtifacts(source, context)];
}

async function runSourceLocations(runId: string, artifactPath: string, context: SourceContext): Promise<ArtifactLocation[]> {
  const run = await context.store.getRun(runId, context.signal);
  const locations = [childLocation(locateArtifacts(run.info.artifact_uri, context), artifactPath)];
  const listing = await context.store.listLoggedModels([run.info.experiment_id], context.signal);
  const name = artifactPath.replace(/\/+$/, '');
  const logged = listing.items.find((m) => m.source_run_id === runId && m.name === name);
  if (logged) locations.push(locateArtifacts(logged.artifact_location, context));
  return locations;
}

async function loggedModelLocation(modelId: string, runId: string | null, context: SourceContext): Promise<ArtifactLocation> {
  const model = await findLoggedModel(modelId, runId, context);
  return locateArtifacts(model.artifact_location, context);
}

async function findLoggedModel(modelId: string, runId: string | null, context: SourceContext): Promise<LoggedModel> {
  // The run names the experiment, which saves listing every experiment's models.
  let experimentIds: string[] = [];
  if (runId) {
    try {
      experimentIds = [(await context.store.getRun(runId, context.signal)).info.experiment_id];
    } catch {
      experimentIds = [];
    }
  }
  for (const scope of experimentIds.length > 0 ? [experimentIds, []] : [[]]) {
    const listing = await context.store.listLoggedModels(scope, context.signal);
    const found = listing.items.find((m) => m.model_id === modelId);
    if (found) return found;
  }
  throw new BuildError('MODEL_UNAVAILABLE', `${context.store.uri} has no logged model ${modelId} (the version's source); was its experiment deleted?`);
}
