import type { FirstCharts } from '../../../../src/protocol/compare';
import { firstChartKeys } from '../logic/firstCharts';
import type { CompareStore } from './compareStore';
import type { SeriesRequests } from './seriesRequests';

/**
 * The first charts are told to the host with `ready`, so their series come right after `init`
 * instead of after a first render, layout and intersection check, and a request of their own; the
 * host has been reading them since the command. They count as asked for with each `init`.
 */
export function firstChartsAsked(store: CompareStore, requests: SeriesRequests, firstCharts: FirstCharts | undefined): void {
  if (!firstCharts) return;
  let epoch = store.epoch;
  store.subscribe(() => {
    if (store.epoch === epoch) return;
    epoch = store.epoch;
    requests.askedAlready(firstChartKeys(firstCharts, store.snapshot().metricKeys), epoch);
  });
}
