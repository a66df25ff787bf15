// The model registry of a file store (mlflow/store/model_registry/file_store.py):
// `<root>/models/<name>/meta.yaml`, `tags/`, `aliases/<alias>` (the file holds the version) and
// `version-<n>/meta.yaml` with its own `tags/`.
import * as path from 'node:path';
import type { ModelVersion, RegisteredModel, StoreProblem } from '../types';
import { describeError } from '../errors';
import { readKeyedValues } from './keyedFiles';
import { parseMetaYaml } from './metaYaml';
import type { StoreFileCache } from './storeFileCache';
import { comparePythonStrings } from './pythonText';
import { isDirectory, listDir, listSubdirs, META, REGISTRY_MODELS } from './storeLayout';
import { asId, asOptionalNumber, asOptionalString, asString } from './yamlFields';

// Prompts live in the registry too; search_registered_models and search_model_versions add
// `tag.mlflow.prompt.is_prompt != 'true'` to every filter, so they never show up as models.
const IS_PROMPT_TAG = 'mlflow.prompt.is_prompt';
// What delete_model_version leaves behind: MLflow hides such versions everywhere.
const STAGE_DELETED_INTERNAL = 'Deleted_Internal';
const VERSION_PREFIX = 'version-';

function readVersion(
  versionDir: string,
  aliases: Record<string, string>,
  cache: StoreFileCache,
  problems: StoreProblem[],
): ModelVersion | undefined {
  const metaPath = path.join(versionDir, META);
  try {
    const meta = cache.read(metaPath, parseMetaYaml);
    const currentStage = asOptionalString(meta, 'current_stage') ?? '';
    if (currentStage === STAGE_DELETED_INTERNAL) return undefined;
    const tags = readKeyedValues(path.join(versionDir, 'tags'), cache, problems);
    if (tags[IS_PROMPT_TAG] === 'true') return undefined;
    // _get_model_version_aliases compares alias targets with the folder name, not the meta.
    const folderVersion = path.basename(versionDir).split(VERSION_PREFIX).join('');
    return {
      name: asString(meta, 'name'),
      version: asId(meta, 'version'),
      current_stage: currentStage,
      status: asOptionalString(meta, 'status') ?? 'READY',
      run_id: asOptionalString(meta, 'run_id'),
      source: asOptionalString(meta, 'source') ?? '',
      creation_timestamp: asOptionalNumber(meta, 'creation_timestamp'),
      last_updated_timestamp: asOptionalNumber(meta, 'last_updated_timestamp'),
      description: asOptionalString(meta, 'description'),
      tags,
      aliases: Object.keys(aliases)
        .filter((alias) => aliases[alias] === folderVersion)
        .sort(),
      model_id: asOptionalString(meta, 'model_id'),
    };
  } catch (error) {
    problems.push({ item: metaPath, message: describeError(error) });
    return undefined;
  }
}

function compareVersions(a: ModelVersion, b: ModelVersion): number {
  const difference = Number(a.version) - Number(b.version);
  return Number.isNaN(difference) || difference === 0 ? comparePythonStrings(a.version, b.version) : difference;
}

function readRegisteredModel(modelDir: string, cache: StoreFileCache, problems: StoreProblem[]): RegisteredModel | undefined {
  const metaPath = path.join(modelDir, META);
  try {
    const meta = cache.read(metaPath, parseMetaYaml);
    const tags = readKeyedValues(path.join(modelDir, 'tags'), cache, problems);
    if (tags[IS_PROMPT_TAG] === 'true') return undefined;
    // The aliases/ folder is the truth; meta.yaml's `aliases` is a stale copy.
    const aliases = readKeyedValues(path.join(modelDir, 'aliases'), cache, problems);
    const versions: ModelVersion[] = [];
    for (const entry of listDir(modelDir)) {
      if (!entry.name.startsWith(VERSION_PREFIX) || !isDirectory(modelDir, entry)) continue;
      const version = readVersion(path.join(modelDir, entry.name), aliases, cache, problems);
      if (version) versions.push(version);
    }
    return {
      name: asString(meta, 'name'),
      description: asOptionalString(meta, 'description'),
      creation_timestamp: asOptionalNumber(meta, 'creation_timestamp'),
      last_updated_timestamp: asOptionalNumber(meta, 'last_updated_timestamp'),
      tags,
      aliases,
      versions: versions.sort(compareVersions),
    };
  } catch (error) {
    problems.push({ item: metaPath, message: describeError(error) });
    return undefined;
  }
}

/** Registered models by name, as search_registered_models orders them; prompts left out. */
export function readRegisteredModels(root: string, cache: StoreFileCache, problems: StoreProblem[]): RegisteredModel[] {
  const modelsDir = path.join(root, REGISTRY_MODELS);
  const models: RegisteredModel[] = [];
  for (const name of listSubdirs(modelsDir)) {
    const model = readRegisteredModel(path.join(modelsDir, name), cache, problems);
    if (model) models.push(model);
  }
  return models.sort((a, b) => comparePythonStrings(a.name, b.name));
}
