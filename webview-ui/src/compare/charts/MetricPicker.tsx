import { Checkbox } from '../../components/toolkit';

export interface MetricPickerProps {
  metricKeys: readonly string[];
  charted: readonly string[];
  onChange: (selected: string[]) => void;
}

/** Which metrics get a chart; a disclosure so a run with fifty metrics does not fill the toolbar. */
export function MetricPicker({ metricKeys, charted, onChange }: MetricPickerProps) {
  const chosen = new Set(charted);
  const set = (key: string, on: boolean): void => onChange(metricKeys.filter((k) => (k === key ? on : chosen.has(k))));
  return (
    <details className="metric-picker">
      <summary>
        Metrics ({charted.length} of {metricKeys.length})
      </summary>
      <div className="metric-picker-list" role="group" aria-label="Metrics to chart">
        <div className="metric-picker-actions">
          <button type="button" className="link-button" onClick={() => onChange([...metricKeys])}>All</button>
          <button type="button" className="link-button" onClick={() => onChange([])}>None</button>
        </div>
        {metricKeys.map((key) => (
          <Checkbox key={key} checked={chosen.has(key)} onChange={(on) => set(key, on)}>
            {key}
          </Checkbox>
        ))}
      </div>
    </details>
  );
}
