// Experiments as FileStore.search_experiments returns them: `<root>/<id>/meta.yaml` for active
// ones, `<root>/.trash/<id>/meta.yaml` for deleted ones, tags under `<id>/tags/`.
import * as path from 'node:path';
import type { Experiment, StoreProblem, ViewType } from '../types';
import { describeError } from '../errors';
import { readKeyedValues } from './keyedFiles';
import { parseMetaYaml, type YamlMap } from './metaYaml';
import type { StoreFileCache } from './storeFileCache';
import { comparePythonStrings } from './pythonText';
import {
  activeExperimentDirs,
  deletedExperimentDirs,
  EXPERIMENT_ID_PATTERN,
  isMissing,
  META,
  TRASH,
} from './storeLayout';
import { asId, asOptionalNumber, asString, FieldError } from './yamlFields';

/** An experiment folder: where MLflow resolves the id for the requested view. */
export interface ExperimentDir {
  id: string;
  dir: string;
  /** MLflow reads tags from where the id resolves in the ALL view: the root first */
  tagsDir: string;
}

/**
 * The experiment folders of a view, as search_experiments enumerates them. For the ALL view an id
 * found in `.trash` resolves to the root first, as MLflow's _get_experiment_path does.
 */
export function experimentDirs(root: string, view: ViewType): ExperimentDir[] {
  const active = view === 'deleted' ? [] : activeExperimentDirs(root);
  const deleted = view === 'active' ? [] : deletedExperimentDirs(root);
  const activeIds = view === 'deleted' ? new Set(activeExperimentDirs(root)) : new Set(active);
  return [
    ...active.map((id) => ({ id, dir: path.join(root, id), tagsDir: path.join(root, id, 'tags') })),
    ...deleted.map((id) => {
      const resolved = activeIds.has(id) ? path.join(root, id) : path.join(root, TRASH, id);
      return { id, dir: view === 'all' ? resolved : path.join(root, TRASH, id), tagsDir: path.join(resolved, 'tags') };
    }),
  ];
}

/** Reads one experiment; returns undefined (with a problem) where MLflow fails or skips it. */
export function readExperiment(
  entry: ExperimentDir,
  cache: StoreFileCache,
  problems: StoreProblem[],
): Experiment | undefined {
  const metaPath = path.join(entry.dir, META);
  if (!EXPERIMENT_ID_PATTERN.test(entry.id)) {
    problems.push({ item: entry.dir, message: `not an experiment folder: '${entry.id}' is not a valid experiment id` });
    return undefined;
  }
  let meta: YamlMap;
  try {
    meta = cache.read(metaPath, parseMetaYaml);
  } catch (error) {
    const message = isMissing(error) ? 'experiment folder without meta.yaml' : describeError(error);
    problems.push({ item: metaPath, message });
    return undefined;
  }
  try {
    const experimentId = asId(meta, 'experiment_id');
    if (experimentId !== entry.id) {
      problems.push({ item: metaPath, message: `names experiment '${experimentId}' but lies in folder '${entry.id}'; MLflow ignores it` });
      return undefined;
    }
    const lifecycleStage = asString(meta, 'lifecycle_stage');
    if (lifecycleStage !== 'active' && lifecycleStage !== 'deleted') {
      throw new FieldError(`lifecycle_stage '${lifecycleStage}' is neither active nor deleted`);
    }
    return {
      experiment_id: experimentId,
      name: asString(meta, 'name'),
      artifact_location: asString(meta, 'artifact_location'),
      lifecycle_stage: lifecycleStage,
      creation_time: asOptionalNumber(meta, 'creation_time'),
      last_update_time: asOptionalNumber(meta, 'last_update_time'),
      tags: readKeyedValues(entry.tagsDir, cache, problems),
    };
  } catch (error) {
    problems.push({ item: metaPath, message: describeError(error) });
    return undefined;
  }
}

/** search_experiments' default order: creation_time DESC (missing last), then experiment_id ASC. */
export function compareExperiments(a: Experiment, b: Experiment): number {
  if (a.creation_time !== b.creation_time) {
    if (a.creation_time === null) return 1;
    if (b.creation_time === null) return -1;
    return b.creation_time - a.creation_time;
  }
  return comparePythonStrings(a.experiment_id, b.experiment_id);
}
