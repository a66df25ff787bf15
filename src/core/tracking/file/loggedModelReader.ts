// MLflow 3 logged models: `<experiment>/models/<model_id>/` with meta.yaml, params/, tags/ and
// metrics/, whose lines are `timestamp value step run_id [dataset_name dataset_digest]`.
import * as path from 'node:path';
import type { LoggedModel, LoggedModelMetric, StoreProblem } from '../types';
import { describeError } from '../errors';
import { keyedFilePath, listKeyedFiles, readKeyedValues, unreadable } from './keyedFiles';
import { parseMetaYaml, type YamlMap } from './metaYaml';
import type { StoreFileCache } from './storeFileCache';
import { comparePythonStrings, parsePythonFloat, parsePythonInt, pythonSplitLines, pythonStrip } from './pythonText';
import { isDirectory, isMissing, listDir, META, RESERVED_EXPERIMENT_FOLDERS } from './storeLayout';
import { asId, asNumber, asOptionalString, asString, FieldError } from './yamlFields';

// LoggedModelStatus.from_int
const LOGGED_MODEL_STATUS = ['UNSPECIFIED', 'PENDING', 'READY', 'FAILED'];

interface ModelMetricFile {
  /** the latest point of each (dataset_name, dataset_digest) group, in order of first appearance */
  latest: LoggedModelMetric[];
  badLines: number[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// FileStore._get_model_metrics_from_file: the max by (step, timestamp, value) of each group.
function readModelMetricFile(key: string, bytes: Buffer): ModelMetricFile {
  const groups = new Map<string, LoggedModelMetric>();
  const badLines: number[] = [];
  pythonSplitLines(utf8.decode(bytes)).forEach((line, index) => {
    const fields = pythonStrip(line).split(' ');
    const timestamp = parsePythonInt(fields[0]);
    const value = parsePythonFloat(fields[1] ?? '');
    const step = parsePythonInt(fields[2] ?? '');
    if ((fields.length !== 4 && fields.length !== 6) || timestamp === undefined || value === undefined || step === undefined) {
      badLines.push(index + 1);
      return;
    }
    const datasetName = fields.length === 6 ? fields[4] : null;
    const datasetDigest = fields.length === 6 ? fields[5] : null;
    const group = JSON.stringify([datasetName, datasetDigest]);
    const best = groups.get(group);
    const later =
      !best ||
      (step !== best.step ? step > best.step : timestamp !== best.timestamp ? timestamp > best.timestamp : value > best.value);
    if (later) {
      groups.set(group, { key, value, step, timestamp, run_id: fields[3], dataset_name: datasetName, dataset_digest: datasetDigest });
    }
  });
  return { latest: [...groups.values()], badLines };
}

function readModelMetrics(modelDir: string, cache: StoreFileCache, problems: StoreProblem[]): LoggedModelMetric[] {
  const metrics: LoggedModelMetric[] = [];
  for (const file of listKeyedFiles(path.join(modelDir, 'metrics'), cache)) {
    const item = keyedFilePath(file);
    try {
      const read = cache.readEntry(file.folder, file.index, (bytes) => readModelMetricFile(file.key, bytes));
      if (read.badLines.length > 0) {
        problems.push({ item, message: `unreadable metric line(s) ${read.badLines.slice(0, 5).join(', ')}: skipped` });
      }
      if (read.latest.length === 0) problems.push({ item, message: `metric '${file.key}' has no data` });
      metrics.push(...read.latest);
    } catch (error) {
      problems.push({ item, message: unreadable(error) });
    }
  }
  return metrics;
}

function loggedModelFromMeta(meta: YamlMap): Omit<LoggedModel, 'tags' | 'params' | 'metrics'> {
  const status = meta.status ?? 2;
  if (typeof status !== 'number' || LOGGED_MODEL_STATUS[status] === undefined) {
    throw new FieldError(`status ${String(status)} is not a logged model status`);
  }
  return {
    model_id: asString(meta, 'model_id'),
    experiment_id: asId(meta, 'experiment_id'),
    name: asString(meta, 'name'),
    artifact_location: asString(meta, 'artifact_location'),
    creation_timestamp: asNumber(meta, 'creation_timestamp'),
    last_updated_timestamp: asNumber(meta, 'last_updated_timestamp'),
    status: LOGGED_MODEL_STATUS[status],
    source_run_id: asOptionalString(meta, 'source_run_id'),
    model_type: asOptionalString(meta, 'model_type'),
  };
}

/** The logged models of one experiment that are not deleted, as FileStore._list_models reads them. */
export function readLoggedModels(
  experimentId: string,
  experimentDir: string,
  cache: StoreFileCache,
  problems: StoreProblem[],
): LoggedModel[] {
  const modelsDir = path.join(experimentDir, 'models');
  const models: LoggedModel[] = [];
  for (const entry of listDir(modelsDir)) {
    if (RESERVED_EXPERIMENT_FOLDERS.has(entry.name) || !isDirectory(modelsDir, entry)) continue;
    const modelDir = path.join(modelsDir, entry.name);
    const metaPath = path.join(modelDir, META);
    try {
      const meta = cache.read(metaPath, parseMetaYaml);
      if (meta.lifecycle_stage === 'deleted') continue;
      const info = loggedModelFromMeta(meta);
      if (info.experiment_id !== experimentId) {
        problems.push({ item: metaPath, message: `names experiment '${info.experiment_id}' but lies in experiment '${experimentId}'; MLflow ignores it` });
        continue;
      }
      models.push({
        ...info,
        tags: readKeyedValues(path.join(modelDir, 'tags'), cache, problems),
        params: readKeyedValues(path.join(modelDir, 'params'), cache, problems),
        metrics: readModelMetrics(modelDir, cache, problems),
      });
    } catch (error) {
      // MLflow skips a model folder without meta.yaml quietly, as it does for runs.
      if (!isMissing(error)) problems.push({ item: metaPath, message: describeError(error) });
    }
  }
  return models;
}

/** search_logged_models' default order: creation_timestamp DESC (missing last), model_id ASC. */
export function compareLoggedModels(a: LoggedModel, b: LoggedModel): number {
  if (a.creation_timestamp !== b.creation_timestamp) {
    if (a.creation_timestamp === null) return 1;
    if (b.creation_timestamp === null) return -1;
    return b.creation_timestamp - a.creation_timestamp;
  }
  return comparePythonStrings(a.model_id, b.model_id);
}
