// The TrackingStore over an MLflow file store (`mlruns/`), read-only: it never creates, locks or
// changes anything under the root, unlike MLflow's own FileStore which creates `.trash`,
// `models` and the default experiment when they are missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  DatasetSummary,
  Disposable,
  Experiment,
  Listing,
  LoggedModel,
  MetricPoint,
  RegisteredModel,
  Run,
  RunPage,
  RunSearch,
  StoreChange,
  StoreProblem,
  TrackingStore,
  ViewType,
  WatchOptions,
} from '../types';
import { describeError, throwIfAborted, TrackingError } from '../errors';
import { searchRunsInMemory } from '../search';
import { summarizeDatasets } from './datasetListing';
import { compareExperiments, experimentDirs, readExperiment } from './experimentReader';
import { compareLoggedModels, readLoggedModels } from './loggedModelReader';
import { StoreFileCache } from './storeFileCache';
import { readRegisteredModels } from './registryReader';
import { findRun, readMetricHistoryOf } from './runLookup';
import { loadRuns, type ExperimentFolder } from './runLoader';
import { readRun } from './runReader';
import { activeExperimentDirs, deletedExperimentDirs, TRASH } from './storeLayout';
import { StoreWatcher } from './storeWatcher';

export class FileTrackingStore implements TrackingStore {
  readonly kind = 'file' as const;
  private readonly cache = new StoreFileCache();
  private readonly watchers = new Set<StoreWatcher>();

  /** `root` is the mlruns folder; `uri` is how the user named it (shown in every error). */
  constructor(
    readonly root: string,
    readonly uri: string,
  ) {}

  listExperiments(view: ViewType, signal?: AbortSignal): Promise<Listing<Experiment>> {
    return this.guard(async () => {
      this.checkRoot(signal);
      const problems: StoreProblem[] = [];
      const items: Experiment[] = [];
      for (const entry of experimentDirs(this.root, view)) {
        const experiment = readExperiment(entry, this.cache, problems);
        if (experiment) items.push(experiment);
      }
      return { items: items.sort(compareExperiments), problems };
    });
  }

  searchRuns(search: RunSearch, signal?: AbortSignal): Promise<RunPage> {
    return this.guard(async () => {
      this.checkRoot(signal);
      const view = search.view ?? 'active';
      // A malformed filter, order_by or page token fails before thousands of runs are read.
      searchRunsInMemory([], search, 'file', this.uri);
      const loaded = await loadRuns(this.experimentFolders(search.experimentIds), view, this.cache, this.uri, signal);
      const page = searchRunsInMemory(loaded.runs, search, 'file', this.uri);
      return { runs: page.runs, nextPageToken: page.nextPageToken, problems: loaded.problems };
    });
  }

  getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    return this.guard(async () => {
      this.checkRoot(signal);
      const found = findRun(this.root, runId, this.cache, this.uri);
      return readRun(found.folder, found.info, found.entries, this.cache, []);
    });
  }

  getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
    return this.guard(async () => {
      this.checkRoot(signal);
      const found = findRun(this.root, runId, this.cache, this.uri);
      return readMetricHistoryOf(found.folder.runDir, key, this.uri);
    });
  }

  listRegisteredModels(signal?: AbortSignal): Promise<Listing<RegisteredModel>> {
    return this.guard(async () => {
      this.checkRoot(signal);
      const problems: StoreProblem[] = [];
      return { items: readRegisteredModels(this.root, this.cache, problems), problems };
    });
  }

  listLoggedModels(experimentIds: string[], signal?: AbortSignal): Promise<Listing<LoggedModel>> {
    return this.guard(async () => {
      this.checkRoot(signal);
      const problems: StoreProblem[] = [];
      const items: LoggedModel[] = [];
      for (const experiment of this.experimentFolders(experimentIds)) {
        throwIfAborted(signal, this.uri);
        items.push(...readLoggedModels(experiment.id, experiment.dir, this.cache, problems));
      }
      return { items: items.sort(compareLoggedModels), problems };
    });
  }

  listDatasets(experimentIds: string[], signal?: AbortSignal): Promise<Listing<DatasetSummary>> {
    return this.guard(async () => {
      this.checkRoot(signal);
      // MLflow's _search_datasets reads every run folder, deleted runs included.
      const loaded = await loadRuns(this.experimentFolders(experimentIds), 'all', this.cache, this.uri, signal);
      return { items: summarizeDatasets(loaded.runs), problems: loaded.problems };
    });
  }

  /** `ready` settles once the folders of the store are all watched. */
  watch(onChange: (change: StoreChange) => void, options?: WatchOptions): Disposable & { ready: Promise<void> } {
    const watcher = new StoreWatcher(this.root, onChange, { pollIntervalMs: options?.pollIntervalMs });
    this.watchers.add(watcher);
    return {
      ready: watcher.idle(),
      dispose: () => {
        watcher.dispose();
        this.watchers.delete(watcher);
      },
    };
  }

  close(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers.clear();
    this.cache.clear();
  }

  /**
   * The folders of the given experiments (unknown ids are skipped, as MLflow returns no runs for
   * them), or of every active experiment when none is given.
   */
  private experimentFolders(experimentIds: readonly string[]): ExperimentFolder[] {
    if (experimentIds.length === 0) return experimentDirs(this.root, 'active').map(({ id, dir }) => ({ id, dir }));
    const active = new Set(activeExperimentDirs(this.root));
    const deleted = new Set(deletedExperimentDirs(this.root));
    const folders: ExperimentFolder[] = [];
    for (const id of new Set(experimentIds)) {
      // Looked up among the folder names, like MLflow's find(): an id is never used as a path.
      if (active.has(id)) folders.push({ id, dir: path.join(this.root, id) });
      else if (deleted.has(id)) folders.push({ id, dir: path.join(this.root, TRASH, id) });
    }
    return folders;
  }

  /** Failures no reader turned into a problem (EIO, EACCES on a folder) as TrackingErrors. */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof TrackingError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const reason = `cannot read the file store: ${describeError(error)}`;
      throw new TrackingError(this.uri, reason, code === 'EACCES' || code === 'EPERM' ? 'PERMISSION_DENIED' : 'UNAVAILABLE', { cause: error });
    }
  }

  private checkRoot(signal: AbortSignal | undefined): void {
    throwIfAborted(signal, this.uri);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(this.root, { throwIfNoEntry: false });
    } catch (error) {
      throw new TrackingError(this.uri, `cannot read ${this.root}`, 'UNAVAILABLE', { cause: error });
    }
    if (!stat) {
      throw new TrackingError(this.uri, `${this.root} does not exist; check the tracking URI or log a run first`, 'NOT_FOUND');
    }
    if (!stat.isDirectory()) throw new TrackingError(this.uri, `${path.resolve(this.root)} is not a directory`, 'NOT_FOUND');
  }
}
