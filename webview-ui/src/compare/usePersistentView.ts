import { useCallback, useEffect, useState } from 'react';
import type { ViewStateHandle, ViewUpdate } from './compareContext';
import type { CompareData } from './logic/compareData';
import { restoreViewState, type CompareViewState } from './logic/viewState';
import type { HostBridge } from './host/hostBridge';

/**
 * The user's choices, restored from getState() and saved after every change. The run ids come
 * from the comparison itself once the host has sent it; until then the restored ones are kept,
 * so a reload that has not heard from the host yet does not forget what it compared.
 */
export function usePersistentView(bridge: HostBridge, data: CompareData): ViewStateHandle {
  const [view, setView] = useState<CompareViewState>(() => restoreViewState(bridge.savedState()));

  const updateView = useCallback((update: ViewUpdate) => {
    setView((current) => ({ ...current, ...(typeof update === 'function' ? update(current) : update) }));
  }, []);

  useEffect(() => {
    if (!data.initialized) return;
    const runIds = data.runs.map((run) => run.runId);
    setView((current) => (current.runIds.join('\n') === runIds.join('\n') ? current : { ...current, runIds }));
  }, [data.initialized, data.runs]);

  useEffect(() => {
    bridge.saveState(view);
  }, [bridge, view]);

  return { view, updateView };
}
