import type { ChartConfiguration, Scale, TooltipItem } from 'chart.js';
import { useEffect, useMemo, useRef } from 'react';
import type { RunSummary } from '../../../../src/protocol/compare';
import { Button } from '../../components/toolkit';
import { Chart } from '../charts/chartSetup';
import type { ChartTheme } from '../charts/chartTheme';
import { saveCanvasAsPng } from '../charts/pngExport';
import { useServices } from '../compareContext';
import { formatNumber } from '../logic/metricNumber';
import { runStyle, withAlpha } from '../logic/palette';
import { sourceLabel } from '../logic/runValues';
import type { ValueSource } from '../logic/viewState';
import { scatterModel, type ScatterPoint } from './scatterModel';

export interface ScatterPlotProps {
  allRuns: readonly RunSummary[];
  shownRuns: readonly RunSummary[];
  x: ValueSource;
  yMetric: string;
  highlighted: string | null;
  theme: ChartTheme;
}

type ScatterChart = Chart<'scatter', ScatterPoint[]>;

export function ScatterPlot({ allRuns, shownRuns, x, yMetric, highlighted, theme }: ScatterPlotProps) {
  const { bridge } = useServices();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<ScatterChart | null>(null);
  const model = useMemo(() => scatterModel(allRuns, shownRuns, x, yMetric), [allRuns, shownRuns, x, yMetric]);

  useEffect(() => {
    if (!canvasRef.current) return;
    const config: ChartConfiguration<'scatter', ScatterPoint[]> = {
      type: 'scatter',
      data: { datasets: [{ data: [] }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, plugins: { tooltip: {} } },
    };
    chartRef.current = new Chart(canvasRef.current, config);
    return () => {
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const { points, xScale } = model;
    const colour = (p: ScatterPoint): string => {
      const c = runStyle(p.run.colorIndex).color;
      return highlighted !== null && highlighted !== p.run.runId ? withAlpha(c, 0.2) : c;
    };
    chart.data.datasets = [{
      data: points,
      pointBackgroundColor: points.map(colour),
      pointBorderColor: points.map(colour),
      pointRadius: points.map((p) => (p.run.runId === highlighted ? 7 : 4.5)),
      pointHoverRadius: 7,
    }];
    const categories = xScale.kind === 'categorical' ? xScale.categories : null;
    const axisStyle = { grid: { color: theme.grid }, border: { color: theme.grid } };
    chart.options.scales = {
      x: {
        // Learning rates and the like spread over orders of magnitude.
        type: xScale.kind === 'numeric' && xScale.log ? 'logarithmic' : 'linear',
        ...axisStyle,
        title: { display: true, text: sourceLabel(x), color: theme.mutedForeground },
        ...(categories ? { min: -0.5, max: categories.length - 0.5 } : {}),
        afterBuildTicks: categories ? (scale: Scale) => { scale.ticks = categories.map((_, value) => ({ value })); } : undefined,
        ticks: {
          color: theme.mutedForeground,
          callback: (value) => (categories ? (categories[Number(value)] ?? '') : formatNumber(Number(value))),
        },
      },
      y: {
        type: 'linear',
        ...axisStyle,
        title: { display: true, text: `metric: ${yMetric}`, color: theme.mutedForeground },
        ticks: { color: theme.mutedForeground, callback: (value) => formatNumber(Number(value)) },
      },
    };
    chart.options.color = theme.foreground;
    chart.options.font = { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 1) };
    chart.options.plugins!.tooltip = {
      backgroundColor: theme.tooltipBackground,
      titleColor: theme.tooltipForeground,
      bodyColor: theme.tooltipForeground,
      borderColor: theme.tooltipBorder,
      borderWidth: 1,
      callbacks: {
        title: (items: TooltipItem<'scatter'>[]) => (items[0] ? (items[0].raw as ScatterPoint).run.runName : ''),
        label: (item: TooltipItem<'scatter'>) => {
          const p = item.raw as ScatterPoint;
          return `${x.key} ${categories ? categories[p.x] : formatNumber(p.x)}, ${yMetric} ${formatNumber(p.y)}`;
        },
      },
    };
    chart.update('none');
  }, [model, highlighted, theme, x, yMetric]);

  const description = `Scatter plot of ${yMetric} against ${x.key} for ${model.points.length} runs.`;
  return (
    <section className="chart-card scatter-card" aria-label={`Scatter plot: ${yMetric} against ${x.key}`}>
      <header className="chart-header">
        <h3 className="chart-title">{yMetric} against {x.key}</h3>
        <span className="chart-actions">
          <Button
            appearance="icon"
            ariaLabel="Save scatter plot as PNG"
            onClick={() => canvasRef.current && saveCanvasAsPng(bridge, canvasRef.current, theme.background, `${yMetric}-vs-${x.key}`)}
          >
            PNG
          </Button>
        </span>
      </header>
      <div className="chart-body scatter-body">
        <canvas ref={canvasRef} role="img" tabIndex={0} aria-label={description} />
      </div>
      {model.missing > 0 && <p className="chart-status">{model.missing} shown runs have no value for one of the axes.</p>}
    </section>
  );
}
