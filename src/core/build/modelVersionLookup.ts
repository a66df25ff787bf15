// Finds the registered model version a build names, by number or by alias.
import type { ModelVersion, RegisteredModel, TrackingStore } from '../tracking/types';
import { BuildError } from './buildErrors';
import type { ModelRef } from './index';

export async function findModelVersion(store: TrackingStore, ref: ModelRef, signal?: AbortSignal): Promise<ModelVersion> {
  checkModelRef(ref);
  const listing = await store.listRegisteredModels(signal);
  const model = listing.items.find((m) => m.name === ref.name);
  if (!model) {
    const unreadable = listing.problems.length > 0 ? ` (${listing.problems.length} entries could not be read: ${listing.problems[0].message})` : '';
    throw new BuildError('MODEL_NOT_FOUND', `${store.uri} has no registered model named "${ref.name}"${unreadable}; run \`mlops models list\` to see the names`);
  }
  return ref.alias !== undefined ? byAlias(model, ref.alias) : byVersion(model, ref.version ?? '');
}

export function checkModelRef(ref: ModelRef): void {
  if (!ref.name) throw new BuildError('INVALID_ARGUMENT', 'no model name given');
  if ((ref.version === undefined) === (ref.alias === undefined)) {
    throw new BuildError('INVALID_ARGUMENT', `give either a version or an alias of model "${ref.name}", not ${ref.version === undefined ? 'neither' : 'both'}`);
  }
}

function byVersion(model: RegisteredModel, version: string): ModelVersion {
  const found = model.versions.find((v) => v.version === version);
  if (found) return found;
  const known = model.versions.map((v) => v.version).join(', ') || 'none';
  throw new BuildError('MODEL_NOT_FOUND', `model "${model.name}" has no version ${version} (its versions: ${known})`);
}

function byAlias(model: RegisteredModel, alias: string): ModelVersion {
  const name = alias.replace(/^@/, '');
  const version = model.aliases[name];
  const found = version === undefined ? undefined : model.versions.find((v) => v.version === version);
  if (found) return found;
  const known = Object.keys(model.aliases).map((a) => `@${a}`).join(', ') || 'none';
  throw new BuildError('MODEL_NOT_FOUND', `model "${model.name}" has no alias @${name} (its aliases: ${known})`);
}

/** A ModelRef from MLflow's model URI of a registered version: models:/name/3 or models:/name@alias. */
export function parseModelUri(uri: string): ModelRef {
  const match = /^models:\/([^/@]+)(?:\/([^/@]+)|@([^/@]+))\/?$/.exec(uri.trim());
  if (!match) throw new BuildError('INVALID_ARGUMENT', `"${uri}" is not a registered model version URI; write models:/NAME/VERSION or models:/NAME@ALIAS`);
  const name = decodeURIComponent(match[1]);
  return match[2] !== undefined ? { name, version: match[2] } : { name, alias: match[3] };
}
