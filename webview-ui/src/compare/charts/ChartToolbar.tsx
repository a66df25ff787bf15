import { Slider } from '../../components/Slider';
import { Checkbox, Dropdown } from '../../components/toolkit';
import { useView } from '../compareContext';
import { maxSmoothingWeight } from '../logic/smoothing';
import { xAxisModes } from '../logic/viewState';
import { xAxisLabels } from './axisFormat';
import { MetricPicker } from './MetricPicker';

export interface ChartToolbarProps {
  metricKeys: readonly string[];
  chartedMetrics: readonly string[];
}

/** The choices that apply to every chart: which metrics, x axis, smoothing, log scale, outliers. */
export function ChartToolbar({ metricKeys, chartedMetrics }: ChartToolbarProps) {
  const { view, updateView } = useView();
  return (
    <div className="toolbar" role="toolbar" aria-label="Chart options">
      <MetricPicker metricKeys={metricKeys} charted={chartedMetrics} onChange={(selectedMetrics) => updateView({ selectedMetrics })} />
      <span className="toolbar-field">
        <span id="x-axis-label">X axis</span>
        <Dropdown
          id="x-axis"
          ariaLabel="X axis"
          value={view.xAxis}
          options={xAxisModes.map((mode) => ({ value: mode, label: xAxisLabels[mode] }))}
          onChange={(value) => updateView({ xAxis: xAxisModes.find((m) => m === value) ?? 'step' })}
        />
      </span>
      <Slider
        label="Smoothing"
        value={view.smoothing}
        min={0}
        max={maxSmoothingWeight}
        step={0.001}
        format={(v) => v.toFixed(3)}
        onChange={(smoothing) => updateView({ smoothing })}
      />
      <Checkbox id="log-scale" checked={view.logScale} onChange={(logScale) => updateView({ logScale })}>
        Log scale
      </Checkbox>
      <Checkbox id="ignore-outliers" checked={view.ignoreOutliers} onChange={(ignoreOutliers) => updateView({ ignoreOutliers })}>
        Ignore outliers
      </Checkbox>
    </div>
  );
}

