import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CompareData } from './logic/compareData';
import type { CompareViewState } from './logic/viewState';
import type { CompareStore } from './host/compareStore';
import type { FirstPaintReporter } from './host/firstPaint';
import type { HostBridge } from './host/hostBridge';
import type { SeriesRequests } from './host/seriesRequests';

/** The long-lived objects main.tsx creates once; components reach them through context. */
export interface CompareServices {
  bridge: HostBridge;
  store: CompareStore;
  requests: SeriesRequests;
  firstPaint: FirstPaintReporter;
  log: (level: 'warn' | 'error', message: string) => void;
}

export const CompareServicesContext = createContext<CompareServices | null>(null);

export function useServices(): CompareServices {
  const services = useContext(CompareServicesContext);
  if (!services) throw new Error('Compare components must be rendered inside CompareServicesContext');
  return services;
}

export function useCompareData(): CompareData {
  const { store } = useServices();
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

export type ViewUpdate = Partial<CompareViewState> | ((view: CompareViewState) => Partial<CompareViewState>);

export interface ViewStateHandle {
  view: CompareViewState;
  updateView: (update: ViewUpdate) => void;
}

export const ViewStateContext = createContext<ViewStateHandle | null>(null);

export function useView(): ViewStateHandle {
  const handle = useContext(ViewStateContext);
  if (!handle) throw new Error('Compare components must be rendered inside ViewStateContext');
  return handle;
}
