import type { Run, RunSearch, StoreProblem, TrackingStore } from '../../core/tracking/types';

export interface RunPageState {
  runs: Run[];
  nextPageToken: string | null;
  problems: StoreProblem[];
  /** a fingerprint of what is shown, to tell whether a refresh changed anything */
  fingerprint: string;
}

export type SearchFor = (experimentId: string) => Omit<RunSearch, 'maxResults' | 'pageToken'>;

/** The runs loaded so far for each experiment, page by page, refreshable in place. */
export class RunPages {
  private readonly pages = new Map<string, RunPageState>();

  constructor(private readonly pageSize: () => number) {}

  get(key: string): RunPageState | undefined {
    return this.pages.get(key);
  }

  clear(): void {
    this.pages.clear();
  }

  async loadFirst(key: string, store: TrackingStore, experimentId: string, searchFor: SearchFor, signal?: AbortSignal): Promise<RunPageState> {
    const page = await store.searchRuns({ ...searchFor(experimentId), maxResults: this.pageSize() }, signal);
    const state = { runs: page.runs, nextPageToken: page.nextPageToken, problems: page.problems, fingerprint: fingerprint(page.runs) };
    this.pages.set(key, state);
    return state;
  }

  async loadMore(key: string, store: TrackingStore, experimentId: string, searchFor: SearchFor, signal?: AbortSignal): Promise<void> {
    const state = this.pages.get(key);
    if (!state?.nextPageToken) return;
    const page = await store.searchRuns({ ...searchFor(experimentId), maxResults: this.pageSize(), pageToken: state.nextPageToken }, signal);
    const runs = [...state.runs, ...page.runs];
    this.pages.set(key, { runs, nextPageToken: page.nextPageToken, problems: [...state.problems, ...page.problems], fingerprint: fingerprint(runs) });
  }

  /** Reloads as many runs as are shown; true when anything the view shows changed. */
  async refresh(key: string, store: TrackingStore, experimentId: string, searchFor: SearchFor, signal?: AbortSignal): Promise<boolean> {
    const state = this.pages.get(key);
    if (!state) return false;
    const want = Math.max(this.pageSize(), state.runs.length);
    const runs: Run[] = [];
    const problems: StoreProblem[] = [];
    let pageToken: string | undefined;
    let next: string | null = null;
    do {
      const page = await store.searchRuns({ ...searchFor(experimentId), maxResults: Math.min(50_000, want - runs.length), pageToken }, signal);
      runs.push(...page.runs);
      problems.push(...page.problems);
      next = page.nextPageToken;
      pageToken = next ?? undefined;
    } while (pageToken && runs.length < want);
    const print = fingerprint(runs);
    this.pages.set(key, { runs, nextPageToken: next, problems, fingerprint: print });
    return print !== state.fingerprint;
  }
}

function fingerprint(runs: readonly Run[]): string {
  return runs
    .map((r) => `${r.info.run_id}|${r.info.status}|${r.info.end_time}|${r.info.lifecycle_stage}|${r.info.run_name}|${JSON.stringify(r.data.metrics)}`)
    .join('\n');
}
