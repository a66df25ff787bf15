import type { ChartDataset, Plugin } from 'chart.js';
import type { RunSummary } from '../../../../src/protocol/compare';
import { reduceToColumns, type XRange } from '../logic/columnReduction';
import { prepareLine, type LineOptions, type PreparedLine } from '../logic/linePoints';
import { runStyle } from '../logic/palette';
import { paddedBand, percentileBand } from '../logic/percentileBand';
import type { DecodedSeries } from '../logic/seriesCodec';
import { Chart } from './chartSetup';
import { describeChart, type PlottedLine } from './chartSummary';
import type { ChartTheme } from './chartTheme';
import { applyScales, applyTheme } from './lineChartOptions';
import { drawRunHighlight } from './runHighlight';
import { zoomOptions } from './zoomOptions';

export interface MetricChartInput {
  metricKey: string;
  /** runs to draw (hidden ones already left out), in legend order */
  runs: readonly RunSummary[];
  series: ReadonlyMap<string, DecodedSeries> | undefined;
  line: LineOptions;
  ignoreOutliers: boolean;
  highlighted: string | null;
  theme: ChartTheme;
}

export interface ChartDescription {
  text: string;
  hiddenNonPositive: number;
  plottedRuns: number;
}

export interface MetricChartEvents {
  /** after every render that drew at least one point */
  drewData(): void;
  described(description: ChartDescription): void;
}

interface Point {
  x: number;
  y: number;
}

interface CachedLine {
  series: DecodedSeries;
  optionsKey: string;
  line: PreparedLine;
  reducedKey: string;
  /** kept across renders: chart.js keys its per-dataset state (and every point element) by this object */
  dataset: ChartDataset<'line', Point[]>;
}

/**
 * Points one chart hands to chart.js over all its runs. A hundred overlaid lines show no more
 * with a thousand points each than with a few hundred, while every point costs chart.js an
 * element to lay out on each update; few runs still get one column per pixel.
 */
const chartPointBudget = 60_000;

function onlyHighlightDiffers(a: MetricChartInput, b: MetricChartInput): boolean {
  return a.metricKey === b.metricKey && a.runs === b.runs && a.series === b.series && a.theme === b.theme
    && a.ignoreOutliers === b.ignoreOutliers && a.line.xAxis === b.line.xAxis && a.line.smoothing === b.line.smoothing
    && a.line.logScale === b.line.logScale;
}

/**
 * Owns one metric's chart.js chart. Work is coalesced to one pass per animation frame; each run's
 * prepared line (x values, smoothing, log filtering) and its reduction to the chart's columns are
 * cached, so zooming only re-reduces and a highlight only redraws.
 */
export class MetricChartController {
  private readonly chart: Chart<'line', Point[]>;
  private input: MetricChartInput | null = null;
  private rendered: MetricChartInput | null = null;
  private rangeChanged = false;
  private readonly cache = new Map<string, CachedLine>();
  private datasetRunIds: string[] = [];
  private frame = 0;
  private scaleKey = '';

  constructor(canvas: HTMLCanvasElement, private readonly events: MetricChartEvents) {
    const plugins: Plugin<'line'>[] = [
      { id: 'runHighlight', afterDatasetsDraw: () => this.drawHighlight() },
      {
        id: 'reportDrawn',
        afterRender: (chart) => {
          if (chart.data.datasets.some((d) => d.data.length > 0)) this.events.drewData();
        },
      },
    ];
    const rangeChanged = (): void => {
      this.rangeChanged = true;
      this.schedule();
    };
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
        // One-pixel lines take the rasterizer's fast path: without a GPU, a hundred noisy lines
        // of width 1.5 stroke about fifteen times slower.
        elements: { point: { radius: 0, hoverRadius: 3, hitRadius: 4 }, line: { borderWidth: 1 } },
        onResize: rangeChanged,
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
        plugins: { zoom: zoomOptions(rangeChanged) },
      },
    });
  }

  update(input: MetricChartInput): void {
    this.input = input;
    this.schedule();
  }

  zoomBy(factor: number): void {
    this.chart.zoom(factor);
    this.rangeChanged = true;
    this.schedule();
  }

  panBy(x: number, y: number): void {
    this.chart.pan({ x, y });
    this.rangeChanged = true;
    this.schedule();
  }

  resetZoom(): void {
    this.chart.resetZoom();
    this.rangeChanged = true;
    this.schedule();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.chart.destroy();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const input = this.input;
      if (!input) return;
      if (this.rendered && !this.rangeChanged && onlyHighlightDiffers(this.rendered, input)) {
        this.rendered = input;
        this.chart.draw();
      } else {
        this.render(input);
      }
    });
  }

  private render(input: MetricChartInput): void {
    this.rangeChanged = false;
    const scaleKey = `${input.line.xAxis}|${input.line.logScale}|${input.ignoreOutliers}`;
    const scalesChanged = scaleKey !== this.scaleKey;
    // The zoom plugin remembers the limits it started from; reset it before they change.
    if (scalesChanged && this.chart.isZoomedOrPanned()) this.chart.resetZoom('none');
    const dataChanged = this.rendered === null || this.rendered.series !== input.series || this.rendered.runs !== input.runs
      || this.rendered.line.smoothing !== input.line.smoothing;

    const plotted = this.prepare(input);
    const range = this.chart.isZoomedOrPanned() ? this.visibleXRange() : undefined;
    const width = Math.round(this.chart.chartArea?.width ?? this.chart.width);
    const columns = Math.max(64, Math.min(width, Math.floor(chartPointBudget / (2 * Math.max(1, plotted.length)))));
    const reducedKey = `${columns}|${range?.min}|${range?.max}`;

    this.chart.data.datasets = plotted.map(({ run }) => this.dataset(run, reducedKey, columns, range));
    this.datasetRunIds = plotted.map(({ run }) => run.runId);
    // New data moves the outlier band, unless the user has zoomed: their range wins.
    if (scalesChanged || (dataChanged && input.ignoreOutliers && !this.chart.isZoomedOrPanned())) {
      const band = input.ignoreOutliers ? percentileBand(plotted.map((p) => p.line.ys), 0.01, 0.99, { positiveOnly: input.line.logScale }) : null;
      applyScales(this.chart, input.line.xAxis, input.line.logScale, band && paddedBand(band, 0.05, input.line.logScale));
    }
    if (scalesChanged || this.rendered?.theme !== input.theme) applyTheme(this.chart, input.theme);
    this.rendered = input;
    this.scaleKey = scaleKey;
    this.chart.update('none');

    this.events.described({
      text: describeChart(input.metricKey, input.line.xAxis, plotted, input.line.smoothing),
      hiddenNonPositive: plotted.reduce((sum, p) => sum + p.line.hiddenNonPositive, 0),
      plottedRuns: plotted.length,
    });
  }

  private prepare(input: MetricChartInput): PlottedLine[] {
    const optionsKey = `${input.line.xAxis}|${input.line.smoothing}|${input.line.logScale}`;
    const plotted: PlottedLine[] = [];
    const live = new Set<string>();
    for (const run of input.runs) {
      const series = input.series?.get(run.runId);
      if (!series) continue;
      live.add(run.runId);
      let cached = this.cache.get(run.runId);
      if (!cached || cached.series !== series || cached.optionsKey !== optionsKey) {
        const dataset = cached?.dataset ?? { data: [] };
        cached = { series, optionsKey, line: prepareLine(series, run.startTime, input.line), reducedKey: '', dataset };
        this.cache.set(run.runId, cached);
      }
      plotted.push({ run, line: cached.line, sentPoints: series.values.length, totalPoints: series.totalPoints });
    }
    for (const runId of this.cache.keys()) if (!live.has(runId)) this.cache.delete(runId);
    return plotted;
  }

  private dataset(run: RunSummary, reducedKey: string, columns: number, range: XRange | undefined): ChartDataset<'line', Point[]> {
    const cached = this.cache.get(run.runId)!;
    if (cached.reducedKey !== reducedKey) {
      const reduced = reduceToColumns(cached.line.xs, cached.line.ys, columns, range);
      // The point objects are reused: a smoothing drag would otherwise make ~100k objects a frame.
      const points = cached.dataset.data;
      const reused = Math.min(points.length, reduced.length);
      for (let i = 0; i < reused; i++) {
        points[i].x = reduced.xs[i];
        points[i].y = reduced.ys[i];
      }
      if (reduced.length < points.length) points.length = reduced.length;
      const added: Point[] = [];
      for (let i = reused; i < reduced.length; i++) added.push({ x: reduced.xs[i], y: reduced.ys[i] });
      if (added.length > 0) points.push(...added);
      cached.reducedKey = reducedKey;
    }
    const style = runStyle(run.colorIndex);
    return Object.assign(cached.dataset, { label: run.runName || run.runId, borderColor: style.color, backgroundColor: style.color, borderDash: [...style.dash] });
  }

  private visibleXRange(): XRange | undefined {
    const x = this.chart.scales.x;
    return x && Number.isFinite(x.min) && Number.isFinite(x.max) ? { min: x.min, max: x.max } : undefined;
  }

  private drawHighlight(): void {
    const input = this.rendered;
    if (!input || input.highlighted === null) return;
    const index = this.datasetRunIds.indexOf(input.highlighted);
    const run = input.runs.find((r) => r.runId === input.highlighted);
    if (index >= 0 && run) drawRunHighlight(this.chart, index, runStyle(run.colorIndex), input.theme.background);
  }
}
