// A run's inputs and outputs. `<run>/inputs/<id>/meta.yaml` links the run to a dataset kept once
// per experiment in `<experiment>/datasets/<md5(name + digest)>/meta.yaml` (or to a logged model);
// `<run>/outputs/<model_id>/meta.yaml` records a logged model the run produced, at a step.
import * as path from 'node:path';
import type { Dataset, DatasetInput, ModelOutput, StoreProblem } from '../types';
import { describeError } from '../errors';
import { parseMetaYaml, type YamlMap } from './metaYaml';
import type { StoreFileCache } from './storeFileCache';
import { isMissing, META } from './storeLayout';
import { asNumber, asOptionalString, asString, asStringMap } from './yamlFields';

const INPUT_SOURCE_TYPES = new Set(['RUN', 'DATASET', 'MODEL']);
const OUTPUT_DESTINATION_TYPES = new Set(['RUN_OUTPUT', 'MODEL_OUTPUT']);

function readMeta(file: string, cache: StoreFileCache, problems: StoreProblem[]): YamlMap | undefined {
  try {
    return cache.read(file, parseMetaYaml);
  } catch (error) {
    problems.push({ item: file, message: isMissing(error) ? 'missing meta.yaml' : describeError(error) });
    return undefined;
  }
}

function entryNames(dir: string, cache: StoreFileCache): string[] {
  return [...cache.folder(dir).names].sort();
}

export function readDataset(file: string, cache: StoreFileCache, problems: StoreProblem[]): Dataset | undefined {
  const meta = readMeta(file, cache, problems);
  if (!meta) return undefined;
  try {
    return {
      name: asString(meta, 'name'),
      digest: asString(meta, 'digest'),
      source_type: asString(meta, 'source_type'),
      source: asString(meta, 'source'),
      schema: asOptionalString(meta, 'schema'),
      profile: asOptionalString(meta, 'profile'),
    };
  } catch (error) {
    problems.push({ item: file, message: describeError(error) });
    return undefined;
  }
}

/** The dataset inputs of a run, by input folder name (MLflow gives them in directory order). */
export function readDatasetInputs(
  runDir: string,
  experimentDir: string,
  cache: StoreFileCache,
  problems: StoreProblem[],
): DatasetInput[] {
  const inputsDir = path.join(runDir, 'inputs');
  const inputs: DatasetInput[] = [];
  for (const name of entryNames(inputsDir, cache)) {
    const file = path.join(inputsDir, name, META);
    const meta = readMeta(file, cache, problems);
    if (!meta) continue;
    try {
      const sourceType = asString(meta, 'source_type');
      if (!INPUT_SOURCE_TYPES.has(sourceType)) throw new Error(`unknown input source_type '${sourceType}'`);
      if (sourceType !== 'DATASET') continue;
      const datasetId = asString(meta, 'source_id');
      const tags = asStringMap(meta, 'tags');
      const datasetFile = path.join(experimentDir, 'datasets', datasetId, META);
      const dataset = readDataset(datasetFile, cache, problems);
      if (dataset) inputs.push({ tags: Object.entries(tags).map(([key, value]) => ({ key, value })), dataset });
    } catch (error) {
      problems.push({ item: file, message: describeError(error) });
    }
  }
  return inputs;
}

/** The logged models a run produced. MLflow writes the model id into destination_id too. */
export function readModelOutputs(runDir: string, cache: StoreFileCache, problems: StoreProblem[]): ModelOutput[] {
  const outputsDir = path.join(runDir, 'outputs');
  const outputs: ModelOutput[] = [];
  for (const name of entryNames(outputsDir, cache)) {
    const file = path.join(outputsDir, name, META);
    const meta = readMeta(file, cache, problems);
    if (!meta) continue;
    try {
      const destinationType = asString(meta, 'destination_type');
      if (!OUTPUT_DESTINATION_TYPES.has(destinationType)) {
        throw new Error(`unknown output destination_type '${destinationType}'`);
      }
      if (destinationType !== 'MODEL_OUTPUT') continue;
      outputs.push({ model_id: asString(meta, 'destination_id'), step: asNumber(meta, 'step') });
    } catch (error) {
      problems.push({ item: file, message: describeError(error) });
    }
  }
  return outputs;
}
