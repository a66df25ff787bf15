// Loads the runs of experiments as FileStore._list_run_infos + _get_run_from_info do, with one
// difference: a run MLflow would fail the whole search on becomes a problem instead.
import * as path from 'node:path';
import type { Run, RunInfo, StoreProblem, ViewType } from '../types';
import { describeError, throwIfAborted } from '../errors';
import type { StoreFileCache } from './storeFileCache';
import { misplacedRun, readRun, readRunInfo, type RunFolder } from './runReader';
import { META, RESERVED_EXPERIMENT_FOLDERS } from './storeLayout';

export interface ExperimentFolder {
  id: string;
  dir: string;
}

export interface LoadedRuns {
  runs: Run[];
  problems: StoreProblem[];
}

// Synchronous reads: on 320,000 small files they took half the time of fs.promises with 64 reads
// in flight. Slicing the work keeps the event loop (the extension host) responsive meanwhile.
const SLICE_MS = 30;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function matchesView(view: ViewType, stage: string): boolean {
  return view === 'all' || stage === view;
}

/** Reads one run folder; undefined when it is not a run (MLflow skips those silently). */
export function loadRunFolder(
  folder: RunFolder,
  view: ViewType,
  cache: StoreFileCache,
  problems: StoreProblem[],
): Run | undefined {
  const entries = new Set(cache.folder(folder.runDir).names);
  // MLflow skips a folder without meta.yaml quietly: an artifact folder can sit there too.
  if (!entries.has(META)) return undefined;
  const metaPath = path.join(folder.runDir, META);
  let info: RunInfo;
  try {
    info = readRunInfo(folder, cache);
  } catch (error) {
    problems.push({ item: metaPath, message: describeError(error) });
    return undefined;
  }
  const misplaced = misplacedRun(folder, info);
  if (misplaced) {
    problems.push({ item: metaPath, message: misplaced });
    return undefined;
  }
  if (!matchesView(view, info.lifecycle_stage)) return undefined;
  return readRun(folder, info, entries, cache, problems);
}

export async function loadRuns(
  experiments: readonly ExperimentFolder[],
  view: ViewType,
  cache: StoreFileCache,
  uri: string,
  signal?: AbortSignal,
): Promise<LoadedRuns> {
  const runs: Run[] = [];
  const problems: StoreProblem[] = [];
  let sliceStart = Date.now();
  for (const experiment of experiments) {
    let names: string[];
    try {
      const folder = cache.folder(experiment.dir);
      names = folder.names.filter((name, index) => folder.isDirectory(index) && !RESERVED_EXPERIMENT_FOLDERS.has(name));
    } catch (error) {
      problems.push({ item: experiment.dir, message: describeError(error) });
      continue;
    }
    for (const name of names) {
      if (Date.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        throwIfAborted(signal, uri);
        sliceStart = Date.now();
      }
      const folder = { experimentId: experiment.id, experimentDir: experiment.dir, runDir: path.join(experiment.dir, name) };
      try {
        const run = loadRunFolder(folder, view, cache, problems);
        if (run) runs.push(run);
      } catch (error) {
        problems.push({ item: folder.runDir, message: describeError(error) });
      }
    }
  }
  throwIfAborted(signal, uri);
  return { runs, problems };
}
