import { TrackingError } from '../../core/tracking/errors';
import type { LoggedModel, RegisteredModel, StoreProblem, TrackingStore } from '../../core/tracking/types';

export type Loaded<T> = { ok: true; value: T; problems: StoreProblem[] } | { ok: false; error: unknown };

export interface LoggedModelGroup {
  experimentId: string;
  experimentName: string;
  /** newest first */
  models: LoggedModel[];
}

/** What the Models view shows for one store: each half loads on its own, so one failing keeps the other. */
export interface FolderModels {
  /** by name; each model's versions newest first */
  registered: Loaded<RegisteredModel[]>;
  /** experiments by name */
  logged: Loaded<LoggedModelGroup[]>;
  /** tells whether a reload changed anything shown */
  fingerprint: string;
}

export async function loadFolderModels(store: TrackingStore, signal?: AbortSignal): Promise<FolderModels> {
  const [registered, logged] = await Promise.all([
    settle(signal, async () => {
      const listing = await store.listRegisteredModels(signal);
      return { value: sortModels(listing.items), problems: listing.problems };
    }),
    settle(signal, () => loggedModelGroups(store, signal)),
  ]);
  return { registered, logged, fingerprint: fingerprint(registered, logged) };
}

async function loggedModelGroups(store: TrackingStore, signal?: AbortSignal): Promise<{ value: LoggedModelGroup[]; problems: StoreProblem[] }> {
  const [experiments, listing] = await Promise.all([store.listExperiments('active', signal), store.listLoggedModels([], signal)]);
  const names = new Map(experiments.items.map((e) => [e.experiment_id, e.name]));
  const groups = new Map<string, LoggedModelGroup>();
  for (const model of listing.items) {
    const id = model.experiment_id;
    let group = groups.get(id);
    if (!group) {
      group = { experimentId: id, experimentName: names.get(id) ?? `experiment ${id}`, models: [] };
      groups.set(id, group);
    }
    group.models.push(model);
  }
  for (const group of groups.values()) group.models.sort(newestFirst);
  const value = [...groups.values()].sort((a, b) => byName(a.experimentName, b.experimentName));
  return { value, problems: [...experiments.problems, ...listing.problems] };
}

async function settle<T>(signal: AbortSignal | undefined, load: () => Promise<{ value: T; problems: StoreProblem[] }>): Promise<Loaded<T>> {
  try {
    return { ok: true, ...(await load()) };
  } catch (error) {
    if (signal?.aborted || (error instanceof TrackingError && error.code === 'CANCELLED')) throw error;
    return { ok: false, error };
  }
}

function sortModels(models: RegisteredModel[]): RegisteredModel[] {
  return [...models]
    .sort((a, b) => byName(a.name, b.name))
    .map((model) => ({ ...model, versions: [...model.versions].sort((a, b) => Number(b.version) - Number(a.version)) }));
}

function newestFirst(a: LoggedModel, b: LoggedModel): number {
  return (b.creation_timestamp ?? 0) - (a.creation_timestamp ?? 0) || byName(a.name, b.name);
}

function byName(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

function fingerprint(registered: Loaded<RegisteredModel[]>, logged: Loaded<LoggedModelGroup[]>): string {
  const part = (loaded: Loaded<unknown>) => (loaded.ok ? JSON.stringify([loaded.value, loaded.problems]) : `error:${String(loaded.error)}`);
  return `${part(registered)}\n${part(logged)}`;
}
