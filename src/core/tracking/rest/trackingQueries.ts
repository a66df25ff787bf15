// The tracking service's REST calls (mlflow/store/tracking/rest_store.py), turned into our shapes.
import { TrackingError, describeError } from '../errors';
import type {
  Experiment,
  Listing,
  LoggedModel,
  MetricPoint,
  Run,
  RunPage,
  StoreProblem,
  ViewType,
} from '../types';
import { type JsonObject, objectField, objectsField } from './jsonFields';
import { convertEach, forEachPage, nextPageToken } from './paging';
import { toLoggedModel } from './registryJson';
import type { RestClient } from './restClient';
import { runIdOf, toExperiment, toMetricPoint, toRun } from './runJson';

const API = '/api/2.0/mlflow';
const VIEW_TYPES: Record<ViewType, string> = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' };
// MLflow's own page sizes: SEARCH_MAX_RESULTS_DEFAULT and GET_METRIC_HISTORY_MAX_RESULTS.
const LIST_PAGE_SIZE = 1000;
const METRIC_HISTORY_PAGE_SIZE = 25_000;

export interface RunPageRequest {
  experimentIds: string[];
  view: ViewType;
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

export class TrackingQueries {
  constructor(
    private readonly client: RestClient,
    private readonly uri: string,
  ) {}

  async listExperiments(view: ViewType, signal?: AbortSignal): Promise<Listing<Experiment>> {
    const items: Experiment[] = [];
    const problems: StoreProblem[] = [];
    await forEachPage(
      this.uri,
      (pageToken) =>
        this.client.call(
          {
            method: 'POST',
            endpoint: `${API}/experiments/search`,
            body: { view_type: VIEW_TYPES[view], max_results: LIST_PAGE_SIZE, page_token: pageToken },
          },
          signal,
        ),
      (page) => items.push(...convertEach(page.experiments, toExperiment, describeExperiment, problems)),
    );
    return { items, problems };
  }

  /** One page; filter and order_by go to the server unchanged, which validates them. */
  async searchRunPage(request: RunPageRequest, signal?: AbortSignal): Promise<RunPage> {
    const page = await this.runsSearch(request, signal);
    const problems: StoreProblem[] = [];
    const runs = convertEach(page.runs, toRun, describeRun, problems);
    return { runs, nextPageToken: nextPageToken(page), problems };
  }

  /** Every run of a search, page after page. */
  async searchAllRuns(request: Omit<RunPageRequest, 'pageToken' | 'maxResults'>, signal?: AbortSignal): Promise<Listing<Run>> {
    const items: Run[] = [];
    const problems: StoreProblem[] = [];
    await forEachPage(
      this.uri,
      (pageToken) => this.runsSearch({ ...request, maxResults: LIST_PAGE_SIZE, pageToken }, signal),
      (page) => items.push(...convertEach(page.runs, toRun, describeRun, problems)),
    );
    return { items, problems };
  }

  private runsSearch(request: RunPageRequest, signal?: AbortSignal): Promise<JsonObject> {
    return this.client.call(
      {
        method: 'POST',
        endpoint: `${API}/runs/search`,
        body: {
          experiment_ids: request.experimentIds,
          filter: request.filter,
          run_view_type: VIEW_TYPES[request.view],
          max_results: request.maxResults,
          order_by: request.orderBy,
          page_token: request.pageToken,
        },
      },
      signal,
    );
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    const answer = await this.client.call(
      { method: 'GET', endpoint: `${API}/runs/get`, query: { run_id: runId, run_uuid: runId } },
      signal,
    );
    try {
      return toRun(objectField(answer, 'run'));
    } catch (error) {
      throw new TrackingError(this.uri, `run ${runId} cannot be read: ${describeError(error)}`, 'CORRUPT', { cause: error });
    }
  }

  /** Sorted by step, then timestamp; the server's order (timestamp, step, value) breaks ties. */
  async getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
    const points: MetricPoint[] = [];
    await forEachPage(
      this.uri,
      (pageToken) =>
        this.client.call(
          {
            method: 'GET',
            endpoint: `${API}/metrics/get-history`,
            query: { run_id: runId, run_uuid: runId, metric_key: key, max_results: METRIC_HISTORY_PAGE_SIZE, page_token: pageToken },
          },
          signal,
        ),
      (page) => {
        try {
          points.push(...objectsField(page, 'metrics').map(toMetricPoint));
        } catch (error) {
          throw new TrackingError(this.uri, `the history of metric "${key}" of run ${runId} cannot be read: ${describeError(error)}`, 'CORRUPT');
        }
      },
    );
    return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  }

  async listLoggedModels(experimentIds: string[], signal?: AbortSignal): Promise<Listing<LoggedModel>> {
    const items: LoggedModel[] = [];
    const problems: StoreProblem[] = [];
    if (experimentIds.length === 0) return { items, problems };
    await forEachPage(
      this.uri,
      (pageToken) =>
        this.client.call(
          {
            method: 'POST',
            endpoint: `${API}/logged-models/search`,
            body: { experiment_ids: experimentIds, max_results: LIST_PAGE_SIZE, page_token: pageToken },
          },
          signal,
        ),
      (page) => items.push(...convertEach(page.models, toLoggedModel, describeLoggedModel, problems)),
    );
    return { items, problems };
  }
}

function describeExperiment(json: unknown, index: number): string {
  const id = (json as { experiment_id?: unknown } | null)?.experiment_id;
  return typeof id === 'string' || typeof id === 'number' ? `experiment ${id}` : `experiment #${index + 1} of a page`;
}

function describeRun(json: unknown, index: number): string {
  const id = runIdOf(json);
  return id !== null ? `run ${id}` : `run #${index + 1} of a page`;
}

function describeLoggedModel(json: unknown, index: number): string {
  const id = (json as { info?: { model_id?: unknown } } | null)?.info?.model_id;
  return typeof id === 'string' ? `logged model ${id}` : `logged model #${index + 1} of a page`;
}
