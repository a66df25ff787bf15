import type { ComparePanelState } from '../../protocol/compare';
import type { WorkspaceStores } from '../stores/workspaceStores';
import type { RunsToCompare } from './compareSelection';

function panelState(state: unknown): ComparePanelState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { runIds, folder } = state as Record<string, unknown>;
  if (!Array.isArray(runIds) || runIds.length === 0 || !runIds.every((id) => typeof id === 'string')) return undefined;
  return { runIds, folder: typeof folder === 'string' ? folder : undefined };
}

/**
 * The comparison a restored panel showed, from the state its app kept: the folder it names, or
 * (an app that kept only the run ids) the folder whose store has the first run.
 */
export async function restoredSelection(state: unknown, stores: WorkspaceStores): Promise<RunsToCompare | undefined> {
  const saved = panelState(state);
  if (!saved) return undefined;
  const named = stores.folders().find((folder) => folder.uri.toString() === saved.folder);
  if (named) return { folder: named, runIds: saved.runIds };
  for (const folder of stores.folders()) {
    const entry = await stores.get(folder);
    if (entry.status !== 'ready') continue;
    const found = await entry.store.getRun(saved.runIds[0]).then(() => true, () => false);
    if (found) return { folder, runIds: saved.runIds };
  }
  return undefined;
}
