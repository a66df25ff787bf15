import type { Run, StoreProblem, TrackingStore } from '../../core/tracking/types';

/** Enough for lineage in any real project, small enough to hold in memory and load in a blink. */
export const MAX_INDEXED_RUNS = 5000;
const PAGE_SIZE = 1000;

/** The store's runs (deleted ones too: a dataset's history still names them), newest first. */
export interface RunIndex {
  runs: Map<string, Run>;
  /** older runs exist beyond MAX_INDEXED_RUNS */
  truncated: boolean;
  problems: StoreProblem[];
}

export async function loadRunIndex(store: TrackingStore, signal?: AbortSignal): Promise<RunIndex> {
  const index: RunIndex = { runs: new Map(), truncated: false, problems: [] };
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ experimentIds: [], view: 'all', maxResults: PAGE_SIZE, pageToken }, signal);
    for (const run of page.runs) index.runs.set(run.info.run_id, run);
    index.problems.push(...page.problems);
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken !== undefined && index.runs.size < MAX_INDEXED_RUNS);
  index.truncated = pageToken !== undefined;
  return index;
}

/** Runs by id from the index, asking the store for the few it does not hold; missing ones are absent. */
export async function runsById(store: TrackingStore, index: RunIndex, ids: string[], signal?: AbortSignal): Promise<Map<string, Run>> {
  const found = new Map<string, Run>();
  const missing: string[] = [];
  for (const id of ids) {
    const run = index.runs.get(id);
    if (run) found.set(id, run);
    else missing.push(id);
  }
  // Only a truncated index can miss a run that exists; otherwise the run was removed from the store.
  if (!index.truncated) return found;
  for (let start = 0; start < missing.length; start += 8) {
    await Promise.all(missing.slice(start, start + 8).map(async (id) => {
      const run = await store.getRun(id, signal).catch(() => undefined);
      if (run) {
        found.set(id, run);
        index.runs.set(id, run);
      }
    }));
  }
  return found;
}
