// One run folder `<experiment>/<run_id>/` read into a Run, as FileStore._get_run_from_info does:
// meta.yaml, metrics/ (latest value of each), params/, tags/, inputs/ and outputs/.
import * as path from 'node:path';
import type { Run, RunInfo, StoreProblem } from '../types';
import { keyedFilePath, listKeyedFiles, readKeyedValues, unreadable } from './keyedFiles';
import { parseMetaYaml } from './metaYaml';
import { readLatestMetric, type LatestMetric } from './metricFile';
import type { StoreFileCache } from './storeFileCache';
import { readDatasetInputs, readModelOutputs } from './runInputs';
import { runInfoFromMeta } from './runMeta';
import { META } from './storeLayout';

export const RUN_NAME_TAG = 'mlflow.runName';

export interface RunFolder {
  /** the experiment the run was found under (its folder name) */
  experimentId: string;
  experimentDir: string;
  runDir: string;
}

/** The run's meta.yaml; throws fs errors (ENOENT: not a run folder) and parse errors. */
export function readRunInfo(folder: RunFolder, cache: StoreFileCache): RunInfo {
  return cache.read(path.join(folder.runDir, META), (bytes) => runInfoFromMeta(parseMetaYaml(bytes)));
}

/**
 * Why MLflow would not list this run under this experiment, or undefined if it would: the meta
 * must name the experiment it lies in, and (our addition, as get_run checks) its own folder.
 */
export function misplacedRun(folder: RunFolder, info: RunInfo): string | undefined {
  if (info.experiment_id !== folder.experimentId) {
    return `names experiment '${info.experiment_id}' but lies in experiment '${folder.experimentId}'; MLflow ignores it`;
  }
  const folderName = path.basename(folder.runDir);
  if (info.run_id !== folderName) return `names run '${info.run_id}' but lies in folder '${folderName}'`;
  return undefined;
}

// Most metric files are clean: the cache then keeps just the number.
function readRunMetric(bytes: Buffer): number | LatestMetric {
  const latest = readLatestMetric(bytes);
  return latest.point !== undefined && latest.badLines.length === 0 ? latest.point.value : latest;
}

/** Latest value of every metric; a file MLflow cannot read becomes a problem, not a failure. */
export function readLatestMetrics(
  runDir: string,
  cache: StoreFileCache,
  problems: StoreProblem[],
): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const file of listKeyedFiles(path.join(runDir, 'metrics'), cache)) {
    try {
      const latest = cache.readEntry(file.folder, file.index, readRunMetric);
      if (typeof latest === 'number') {
        metrics[file.key] = latest;
        continue;
      }
      if (latest.badLines.length > 0) {
        const lines = latest.badLines.slice(0, 5).join(', ') + (latest.badLines.length > 5 ? ', ...' : '');
        problems.push({ item: keyedFilePath(file), message: `unreadable metric line(s) ${lines}: skipped (MLflow fails on them)` });
      }
      if (latest.point === undefined) {
        problems.push({ item: keyedFilePath(file), message: `metric '${file.key}' has no data` });
        continue;
      }
      metrics[file.key] = latest.point.value;
    } catch (error) {
      problems.push({ item: keyedFilePath(file), message: unreadable(error) });
    }
  }
  return metrics;
}

/**
 * The whole run, given its already read meta and the names in its folder (one readdir tells
 * which of metrics/, params/, ... exist). Unreadable parts become problems.
 */
export function readRun(
  folder: RunFolder,
  info: RunInfo,
  entries: ReadonlySet<string>,
  cache: StoreFileCache,
  problems: StoreProblem[],
): Run {
  const { runDir } = folder;
  const metrics = entries.has('metrics') ? readLatestMetrics(runDir, cache, problems) : {};
  const params = entries.has('params') ? readKeyedValues(path.join(runDir, 'params'), cache, problems) : {};
  const tags = entries.has('tags') ? readKeyedValues(path.join(runDir, 'tags'), cache, problems) : {};
  const datasetInputs = entries.has('inputs') ? readDatasetInputs(runDir, folder.experimentDir, cache, problems) : [];
  const modelOutputs = entries.has('outputs') ? readModelOutputs(runDir, cache, problems) : [];
  // MLflow names a run without run_name after its mlflow.runName tag.
  const runName = info.run_name || tags[RUN_NAME_TAG] || info.run_name;
  return {
    info: { ...info, run_name: runName },
    data: { metrics, params, tags },
    inputs: { dataset_inputs: datasetInputs },
    outputs: { model_outputs: modelOutputs },
  };
}
