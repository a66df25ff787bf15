// A TrackingStore over an MLflow tracking server's REST API (2.0, and the 3.x logged models).
import { TrackingError } from '../errors';
import type {
  DatasetSummary,
  Disposable,
  Experiment,
  Listing,
  LoggedModel,
  MetricPoint,
  RegisteredModel,
  RegistryWrites,
  Run,
  RunPage,
  RunSearch,
  StoreChange,
  StoreProblem,
  TrackingStore,
  ViewType,
  WatchOptions,
} from '../types';
import { type ClientSettings, readClientSettings } from './clientSettings';
import { type RestCredentials, defaultHomeDir, resolveAuthorization } from './credentials';

export type { RestCredentials } from './credentials';
import { diffFingerprints, takeFingerprint } from './changeFingerprint';
import { summarizeDatasets } from './datasetSummaries';
import { startPolling } from './polling';
import { RegistryQueries } from './registryQueries';
import { RestRegistryWrites } from './registryWrites';
import { RestClient, type RetryNotice } from './restClient';
import { TrackingQueries } from './trackingQueries';

export interface RestTrackingStoreOptions {
  /** where MLFLOW_* variables are read; process.env when left out */
  env?: NodeJS.ProcessEnv;
  /** from the extension's SecretStorage; when they hold a username and password or a token, they replace the environment's */
  credentials?: RestCredentials;
  /** per request; MLFLOW_HTTP_REQUEST_TIMEOUT (seconds, default 120) when left out */
  timeoutMs?: number;
  /** MLFLOW_HTTP_REQUEST_MAX_RETRIES (default 7) when left out */
  maxRetries?: number;
  /** where ~/.mlflow/credentials is looked up; $HOME when left out */
  homeDir?: string;
  /** told once when watch() polls start failing (and again after they recovered and failed anew) */
  onWatchError?: (error: TrackingError) => void;
  /** told before each retry wait, for the log */
  onRetry?: (notice: RetryNotice) => void;
}

const DEFAULT_POLL_INTERVAL_MS = 5000;

export class RestTrackingStore implements TrackingStore {
  readonly kind = 'rest' as const;
  /** the server's URI without `user:password@` */
  readonly uri: string;
  readonly registryWrites: RegistryWrites;
  private readonly client: RestClient;
  private readonly tracking: TrackingQueries;
  private readonly registry: RegistryQueries;
  private readonly watchers = new Set<Disposable>();
  private readonly onWatchError?: (error: TrackingError) => void;

  constructor(uri: string, options: RestTrackingStoreOptions = {}) {
    const url = parseServerUrl(uri);
    const userInfo = url.username === '' ? undefined : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    this.uri = url.href.replace(/\/+$/, '');
    const env = options.env ?? process.env;
    const settings: ClientSettings = readClientSettings(this.uri, env, { timeoutMs: options.timeoutMs, maxRetries: options.maxRetries });
    const homeDir = options.homeDir ?? defaultHomeDir(env);
    // Resolved per request, as MLflow does, so an edited credentials file takes effect.
    const authorization = () => resolveAuthorization({ explicit: options.credentials, uriUserInfo: userInfo, env, homeDir });
    this.client = new RestClient({ baseUrl: this.uri, displayUri: this.uri }, settings, authorization, options.onRetry);
    this.tracking = new TrackingQueries(this.client, this.uri);
    this.registry = new RegistryQueries(this.client, this.uri);
    this.registryWrites = new RestRegistryWrites(this.client);
    this.onWatchError = options.onWatchError;
  }

  listExperiments(view: ViewType, signal?: AbortSignal): Promise<Listing<Experiment>> {
    return this.tracking.listExperiments(view, signal);
  }

  async searchRuns(search: RunSearch, signal?: AbortSignal): Promise<RunPage> {
    const view = search.view ?? 'active';
    const scope = await this.experimentScope(search.experimentIds, 'active', signal);
    if (scope.ids.length === 0) return { runs: [], nextPageToken: null, problems: scope.problems };
    const page = await this.tracking.searchRunPage(
      {
        experimentIds: scope.ids,
        view,
        filter: search.filter,
        orderBy: search.orderBy,
        maxResults: search.maxResults,
        pageToken: search.pageToken,
      },
      signal,
    );
    return { ...page, problems: [...scope.problems, ...page.problems] };
  }

  getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    return this.tracking.getRun(runId, signal);
  }

  getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
    return this.tracking.getMetricHistory(runId, key, signal);
  }

  listRegisteredModels(signal?: AbortSignal): Promise<Listing<RegisteredModel>> {
    return this.registry.listRegisteredModels(signal);
  }

  async listLoggedModels(experimentIds: string[], signal?: AbortSignal): Promise<Listing<LoggedModel>> {
    const scope = await this.experimentScope(experimentIds, 'active', signal);
    const listing = await this.tracking.listLoggedModels(scope.ids, signal);
    return { items: listing.items, problems: [...scope.problems, ...listing.problems] };
  }

  /** Derived from the active runs' dataset inputs: MLflow has no endpoint listing datasets. */
  async listDatasets(experimentIds: string[], signal?: AbortSignal): Promise<Listing<DatasetSummary>> {
    const scope = await this.experimentScope(experimentIds, 'active', signal);
    if (scope.ids.length === 0) return { items: [], problems: scope.problems };
    const runs = await this.tracking.searchAllRuns({ experimentIds: scope.ids, view: 'all' }, signal);
    return { items: summarizeDatasets(runs.items), problems: [...scope.problems, ...runs.problems] };
  }

  watch(onChange: (change: StoreChange) => void, options: WatchOptions = {}): Disposable {
    const watcher: Disposable = startPolling({
      intervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      take: (signal) => takeFingerprint(this.tracking, this.client, signal),
      diff: diffFingerprints,
      onChange,
      onError: (error) => this.onWatchError?.(asTrackingError(this.uri, error)),
      onDispose: () => {
        this.watchers.delete(watcher);
      },
    });
    this.watchers.add(watcher);
    return watcher;
  }

  close(): void {
    for (const watcher of [...this.watchers]) watcher.dispose();
    this.client.close();
  }

  /** The given experiments, or every experiment of the view when none are given. */
  private async experimentScope(
    experimentIds: string[],
    view: ViewType,
    signal?: AbortSignal,
  ): Promise<{ ids: string[]; problems: StoreProblem[] }> {
    if (experimentIds.length > 0) return { ids: experimentIds.map(String), problems: [] };
    const experiments = await this.tracking.listExperiments(view, signal);
    return { ids: experiments.items.map((e) => e.experiment_id), problems: experiments.problems };
  }
}

function parseServerUrl(uri: string): URL {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new TrackingError(uri.replace(/\/\/[^/@]*@/, '//'), 'not a valid URL', 'INVALID_ARGUMENT');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TrackingError(uri.replace(/\/\/[^/@]*@/, '//'), 'a tracking server URI starts with http:// or https://', 'INVALID_ARGUMENT');
  }
  return url;
}

function asTrackingError(uri: string, error: unknown): TrackingError {
  if (error instanceof TrackingError) return error;
  return new TrackingError(uri, `polling failed: ${error instanceof Error ? error.message : String(error)}`, 'UNAVAILABLE', { cause: error });
}
