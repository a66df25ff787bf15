import type { Chart, Scale, ScaleOptions, TooltipItem } from 'chart.js';
import { Ticks } from 'chart.js';
import type { XAxisMode } from '../../../../src/protocol/compare';
import { formatNumber } from '../logic/metricNumber';
import type { ValueBand } from '../logic/percentileBand';
import { formatX, xAxisLabels, xTickValues } from './axisFormat';
import type { ChartTheme } from './chartTheme';

type LineChart = Chart<'line', unknown[]>;
type AxisOptions = ScaleOptions<'linear' | 'logarithmic'>;

const axes = (chart: LineChart): Record<'x' | 'y', AxisOptions> => chart.options.scales as Record<'x' | 'y', AxisOptions>;

const xSpan = (chart: LineChart): number => {
  const x = chart.scales.x;
  return x ? x.max - x.min : 0;
};

/** Scale types, ranges and formats for the chosen x axis, y scale and outlier band. */
export function applyScales(chart: LineChart, xAxis: XAxisMode, logScale: boolean, yBand: ValueBand | null): void {
  const scales = axes(chart);
  scales.y.type = logScale ? 'logarithmic' : 'linear';
  scales.y.min = yBand?.min;
  scales.y.max = yBand?.max;
  scales.y.ticks = {
    callback(this: Scale, value, index, ticks) {
      return logScale ? Ticks.formatters.logarithmic.call(this, Number(value), index, ticks) : formatNumber(Number(value));
    },
  };
  scales.x.title = { display: true, text: xAxisLabels[xAxis] };
  scales.x.ticks = { maxRotation: 0, autoSkipPadding: 12, callback: (value) => formatX(xAxis, Number(value), xSpan(chart)) };
  scales.x.afterBuildTicks = (scale: Scale) => {
    const values = xTickValues(xAxis, scale.min, scale.max, Math.max(2, Math.floor(scale.width / 90)));
    if (values) scale.ticks = values.map((value) => ({ value }));
  };
  chart.options.plugins!.tooltip!.callbacks = {
    title: (items: TooltipItem<'line'>[]) => (items.length > 0 ? `${xAxisLabels[xAxis]} ${formatX(xAxis, items[0].parsed.x ?? Number.NaN, xSpan(chart))}` : ''),
    label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${formatNumber(item.parsed.y ?? Number.NaN)}`,
  };
}

/** Text, grid and tooltip colours from the editor's theme. */
export function applyTheme(chart: LineChart, theme: ChartTheme): void {
  const options = chart.options;
  options.color = theme.foreground;
  options.font = { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 1) };
  for (const scale of Object.values(axes(chart))) {
    scale.grid = { color: theme.grid };
    scale.border = { color: theme.grid };
    scale.ticks = { ...scale.ticks, color: theme.mutedForeground };
    scale.title = { ...scale.title, color: theme.mutedForeground };
  }
  const tooltip = options.plugins!.tooltip!;
  tooltip.backgroundColor = theme.tooltipBackground;
  tooltip.titleColor = theme.tooltipForeground;
  tooltip.bodyColor = theme.tooltipForeground;
  tooltip.borderColor = theme.tooltipBorder;
  tooltip.borderWidth = 1;
}
