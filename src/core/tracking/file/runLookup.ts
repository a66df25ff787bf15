// Finding one run by id, as FileStore._find_run_root and _get_run_info do, and reading the
// history of one of its metrics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricPoint, RunInfo } from '../types';
import { describeError, TrackingError } from '../errors';
import { readMetricHistory } from './metricFile';
import type { StoreFileCache } from './storeFileCache';
import { misplacedRun, readRunInfo, type RunFolder } from './runReader';
import {
  activeExperimentDirs,
  deletedExperimentDirs,
  isDirectory,
  isMissing,
  isSafeKey,
  listDir,
  META,
  RUN_ID_PATTERN,
  TRASH,
} from './storeLayout';

export interface FoundRun {
  folder: RunFolder;
  info: RunInfo;
  /** the names in the run folder */
  entries: ReadonlySet<string>;
}

// MLflow only takes a folder for a run when it has these (a guard against meta.yaml files
// planted in artifact folders), so a run folder missing one is "not found" to get_run.
const REQUIRED_RUN_FOLDERS = ['metrics', 'params', 'artifacts'];

function isRunFolder(runDir: string): ReadonlySet<string> | undefined {
  const entries = listDir(runDir);
  if (entries.length === 0) return undefined;
  const directories = new Set(entries.filter((entry) => isDirectory(runDir, entry)).map((entry) => entry.name));
  if (!REQUIRED_RUN_FOLDERS.every((name) => directories.has(name))) return undefined;
  return new Set(entries.map((entry) => entry.name));
}

/** The run with this id in any experiment, active ones first; throws NOT_FOUND or CORRUPT. */
export function findRun(root: string, runId: string, cache: StoreFileCache, uri: string): FoundRun {
  if (!RUN_ID_PATTERN.test(runId)) throw new TrackingError(uri, `'${runId}' is not a valid run id`, 'INVALID_ARGUMENT');
  const experiments = [
    ...activeExperimentDirs(root).map((id) => ({ id, dir: path.join(root, id) })),
    ...deletedExperimentDirs(root).map((id) => ({ id, dir: path.join(root, TRASH, id) })),
  ];
  for (const experiment of experiments) {
    const runDir = path.join(experiment.dir, runId);
    const entries = isRunFolder(runDir);
    if (!entries) continue;
    const folder = { experimentId: experiment.id, experimentDir: experiment.dir, runDir };
    const metaPath = path.join(runDir, META);
    let info: RunInfo;
    try {
      info = readRunInfo(folder, cache);
    } catch (error) {
      throw new TrackingError(uri, `run ${runId}: cannot read ${metaPath}: ${describeError(error)}`, 'CORRUPT', { cause: error });
    }
    const misplaced = misplacedRun(folder, info);
    if (misplaced) throw new TrackingError(uri, `run ${runId}: ${metaPath} ${misplaced}`, 'CORRUPT');
    return { folder, info, entries };
  }
  throw new TrackingError(uri, `run '${runId}' not found`, 'NOT_FOUND');
}

/** Every point of the metric, sorted by step then timestamp; [] for a metric never logged. */
export function readMetricHistoryOf(runDir: string, key: string, uri: string): MetricPoint[] {
  if (!isSafeKey(key)) throw new TrackingError(uri, `'${key}' is not a valid metric key`, 'INVALID_ARGUMENT');
  const file = path.join(runDir, 'metrics', key);
  let bytes: Buffer;
  try {
    if (!fs.statSync(file).isFile()) return [];
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (isMissing(error)) return [];
    throw new TrackingError(uri, `cannot read ${file}: ${describeError(error)}`, 'UNAVAILABLE', { cause: error });
  }
  return readMetricHistory(bytes).points;
}
