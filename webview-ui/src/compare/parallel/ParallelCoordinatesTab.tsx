import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Checkbox, Dropdown } from '../../components/toolkit';
import type { ChartTheme } from '../charts/chartTheme';
import { useCompareData, useView } from '../compareContext';
import { RunLegend } from '../legend/RunLegend';
import { differingParamKeys } from '../logic/paramDiff';
import { effectiveMetrics, type ValueSource } from '../logic/viewState';
import { drawParallel } from './drawParallel';
import { buildParallelAxes, describeParallel } from './parallelModel';

const defaultAxisCount = 6;

/** Chosen parameters and one metric as parallel axes, one polyline per shown run. */
export function ParallelCoordinatesTab({ theme }: { theme: ChartTheme }) {
  const data = useCompareData();
  const { view, updateView } = useView();
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const setHiddenRuns = useCallback((hiddenRuns: string[]) => updateView({ hiddenRuns }), [updateView]);
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);

  const params = useMemo(
    () => view.parallelParams?.filter((k) => data.paramKeys.includes(k)) ?? differingParamKeys(data.runs, data.paramKeys).slice(0, defaultAxisCount),
    [view.parallelParams, data.paramKeys, data.runs],
  );
  const metric = view.parallelMetric !== null && data.metricKeys.includes(view.parallelMetric)
    ? view.parallelMetric
    : (effectiveMetrics(view.selectedMetrics, data.metricKeys)[0] ?? data.metricKeys[0] ?? null);
  const hidden = useMemo(() => new Set(view.hiddenRuns), [view.hiddenRuns]);
  const shown = useMemo(() => data.runs.filter((r) => !hidden.has(r.runId)), [data.runs, hidden]);
  const axes = useMemo(() => {
    const sources: ValueSource[] = params.map((key) => ({ kind: 'param', key }));
    if (metric) sources.push({ kind: 'metric', key: metric });
    // Scales span every run, so hiding a run does not move the others.
    return buildParallelAxes(data.runs, sources);
  }, [params, metric, data.runs]);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!canvasRef.current || width === 0) return;
    const frame = requestAnimationFrame(() => canvasRef.current && drawParallel(canvasRef.current, width, 360, { runs: shown, axes, highlighted, theme }));
    return () => cancelAnimationFrame(frame);
  }, [width, shown, axes, highlighted, theme]);

  const toggleParam = (key: string, on: boolean): void =>
    updateView({ parallelParams: data.paramKeys.filter((k) => (k === key ? on : params.includes(k))) });

  return (
    <div className="parallel-tab">
      <div className="toolbar" role="toolbar" aria-label="Parallel coordinates axes">
        <details className="metric-picker">
          <summary>Parameters ({params.length} of {data.paramKeys.length})</summary>
          <div className="metric-picker-list" role="group" aria-label="Parameters shown as axes">
            {data.paramKeys.map((key) => (
              <Checkbox key={key} checked={params.includes(key)} onChange={(on) => toggleParam(key, on)}>
                {key}
              </Checkbox>
            ))}
          </div>
        </details>
        <span className="toolbar-field">
          <span>Metric</span>
          <Dropdown
            ariaLabel="Metric axis"
            value={metric ?? ''}
            options={data.metricKeys.map((key) => ({ value: key, label: key }))}
            onChange={(parallelMetric) => updateView({ parallelMetric })}
          />
        </span>
      </div>
      <RunLegend runs={data.runs} hidden={hidden} onHiddenChange={setHiddenRuns} onHighlight={setHighlighted} />
      <div ref={containerRef} className="parallel-body">
        <canvas ref={canvasRef} role="img" tabIndex={0} aria-label={describeParallel(shown, axes)} className="parallel-canvas" />
      </div>
    </div>
  );
}
