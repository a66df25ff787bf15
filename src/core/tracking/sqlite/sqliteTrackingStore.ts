import * as fs from 'node:fs';
import { SqliteError, SqliteFile, type Snapshot } from '../../sqlite';
import { TrackingError, throwIfAborted } from '../errors';
import { searchRunsInMemory } from '../search';
import type {
  DatasetSummary, Disposable, Experiment, Listing, LoggedModel, MetricPoint, RegisteredModel, Run, RunPage,
  RunSearch, StoreChange, TrackingStore, ViewType,
} from '../types';
import { watchFiles } from '../watchFiles';
import { readDatasets } from './datasetRows';
import { inView, readExperiments } from './experimentRows';
import { readLoggedModels } from './loggedModelRows';
import { readMetricHistory } from './metricHistoryRows';
import { readRegisteredModels } from './registryRows';
import { attachRunData, runColumns, runFromRow } from './runRows';

/** MLflow's sqlite store (`mlflow.db`), read-only and without locks, while MLflow may be writing. */
export class SqliteTrackingStore implements TrackingStore {
  readonly kind = 'sqlite';
  private file: SqliteFile | undefined;

  constructor(
    private readonly path: string,
    readonly uri: string,
    private readonly options: { busyTimeoutMs?: number } = {},
  ) {}

  async listExperiments(view: ViewType, signal?: AbortSignal): Promise<Listing<Experiment>> {
    return { items: this.read(signal, (db) => readExperiments(db, view)), problems: [] };
  }

  async searchRuns(search: RunSearch, signal?: AbortSignal): Promise<RunPage> {
    const runs = this.read(signal, (db) => loadRuns(db, search));
    const page = searchRunsInMemory(runs, search, 'sqlite', this.uri);
    return { ...page, problems: [] };
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    const run = this.read(signal, (db) => {
      const table = db.table('runs');
      const index = table.indexOn(['run_uuid']);
      const c = runColumns(table);
      const rows = index ? index.rowsWithPrefix([runId]) : table.scan();
      for (const row of rows) {
        if (row[c.run_uuid] !== runId) continue;
        const found = runFromRow(row, c);
        attachRunData(db, new Map([[runId, found]]), Number.MAX_SAFE_INTEGER);
        return found;
      }
      return undefined;
    });
    if (!run) throw new TrackingError(this.uri, `Run with id=${runId} not found`, 'NOT_FOUND');
    return run;
  }

  async getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
    return this.read(signal, (db) => readMetricHistory(db, runId, key));
  }

  async listRegisteredModels(signal?: AbortSignal): Promise<Listing<RegisteredModel>> {
    return { items: this.read(signal, readRegisteredModels), problems: [] };
  }

  async listLoggedModels(experimentIds: string[], signal?: AbortSignal): Promise<Listing<LoggedModel>> {
    return { items: this.read(signal, (db) => readLoggedModels(db, experimentSet(db, experimentIds))), problems: [] };
  }

  async listDatasets(experimentIds: string[], signal?: AbortSignal): Promise<Listing<DatasetSummary>> {
    return { items: this.read(signal, (db) => readDatasets(db, experimentSet(db, experimentIds))), problems: [] };
  }

  watch(onChange: (change: StoreChange) => void): Disposable {
    const names = new Set([this.path, `${this.path}-wal`, `${this.path}-journal`]);
    return watchFiles([...names], () => onChange({ kinds: ['experiments', 'runs', 'models', 'datasets'] }));
  }

  close(): void {
    this.file?.close();
    this.file = undefined;
  }

  private read<T>(signal: AbortSignal | undefined, fn: (db: Snapshot) => T): T {
    throwIfAborted(signal, this.uri);
    try {
      const file = this.open();
      return file.read((db) => {
        if (!db.hasTable('experiments') || !db.hasTable('runs')) {
          throw new TrackingError(this.uri, 'not an MLflow tracking database (it has no experiments and runs tables)', 'CORRUPT');
        }
        return fn(db);
      }, { busyTimeoutMs: this.options.busyTimeoutMs });
    } catch (error) {
      throw this.toTrackingError(error);
    }
  }

  private open(): SqliteFile {
    if (!this.file) {
      if (!fs.existsSync(this.path)) {
        throw new TrackingError(
          this.uri,
          `no MLflow database at ${this.path} (MLflow creates it on the first run; or set --tracking-uri / MLFLOW_TRACKING_URI)`,
          'NOT_FOUND',
        );
      }
      this.file = SqliteFile.open(this.path);
    }
    return this.file;
  }

  private toTrackingError(error: unknown): unknown {
    if (!(error instanceof SqliteError)) return error;
    switch (error.code) {
      case 'BUSY':
        return new TrackingError(this.uri, `the database is locked by a writer that has not finished (${error.message}); try again`, 'BUSY', { cause: error });
      case 'NOT_A_DATABASE':
        return new TrackingError(this.uri, `not a sqlite database: ${error.message}`, 'CORRUPT', { cause: error });
      case 'CORRUPT':
        return new TrackingError(this.uri, `the database is corrupt: ${error.message}`, 'CORRUPT', { cause: error });
      case 'IO':
        return new TrackingError(this.uri, `cannot read the database: ${error.message}`, 'UNAVAILABLE', { cause: error });
      default:
        return new TrackingError(this.uri, error.message, 'CORRUPT', { cause: error });
    }
  }
}

function experimentSet(db: Snapshot, experimentIds: string[]): Set<string> {
  if (experimentIds.length > 0) return new Set(experimentIds);
  return new Set(readExperiments(db, 'active').map((e) => e.experiment_id));
}

function loadRuns(db: Snapshot, search: RunSearch): Run[] {
  const view = search.view ?? 'active';
  const experiments = experimentSet(db, search.experimentIds);
  const table = db.table('runs');
  const c = runColumns(table);
  const runs = new Map<string, Run>();
  let total = 0;
  for (const row of table.scan()) {
    total++;
    const run = runFromRow(row, c);
    if (experiments.has(run.info.experiment_id) && inView(run.info.lifecycle_stage, view)) runs.set(run.info.run_id, run);
  }
  attachRunData(db, runs, total);
  return [...runs.values()];
}
