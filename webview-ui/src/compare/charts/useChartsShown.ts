import { useEffect, useState, useSyncExternalStore } from 'react';
import { useCompareData, useServices } from '../compareContext';
import { MOST_FIRST_CHARTS as FIRST_CHARTS } from '../logic/firstCharts';

/** the rest are mounted by then even if the first charts have drawn nothing (no shown run logged them) */
const REST_AT_LATEST_MS = 2000;

/**
 * How many of the charted metrics to mount. The first charts are mounted alone until one of them
 * has drawn data, or all of them have their series (which may draw nothing), or the host reports
 * an error: mounting every card and its buttons costs the page a render that would otherwise hold
 * up the series on their way to the first chart.
 */
export function useChartsShown(charted: readonly string[]): number {
  const { firstPaint } = useServices();
  const data = useCompareData();
  const painted = useSyncExternalStore(firstPaint.subscribe, () => firstPaint.hasReported);
  const [rest, setRest] = useState(false);
  const first = charted.slice(0, FIRST_CHARTS);
  const firstHaveSeries = first.every((key) => data.series.has(key));
  const showRest = rest || painted || data.error !== null || first.length < FIRST_CHARTS || charted.length <= FIRST_CHARTS;

  useEffect(() => {
    if (showRest) return;
    const timer = setTimeout(() => setRest(true), REST_AT_LATEST_MS);
    // The first charts draw in the next frame; the rest follow it.
    const frame = firstHaveSeries ? requestAnimationFrame(() => setRest(true)) : 0;
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  }, [showRest, firstHaveSeries]);

  return showRest ? charted.length : FIRST_CHARTS;
}
