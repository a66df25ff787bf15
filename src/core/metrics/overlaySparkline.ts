import type { MetricPoint } from '../tracking/types';
import { downsample } from './downsample';

export interface OverlaySeries {
  points: readonly MetricPoint[];
  color: string;
}

export interface OverlaySparklineOptions {
  width?: number;
  height?: number;
  /** marks non-finite values (NaN, ±inf) along the bottom edge */
  alertColor?: string;
}

/**
 * One small SVG with a line per series on shared axes (x by step, y over every finite value), so
 * runs compare at a glance. The first series is drawn last, on top. Non-finite values break the
 * line and are marked, as in `sparklineSvg`.
 */
export function overlaySparklineSvg(series: readonly OverlaySeries[], options: OverlaySparklineOptions = {}): string {
  const width = options.width ?? 240;
  const height = options.height ?? 48;
  const alert = options.alertColor ?? '#f14c4c';
  const pad = 2;
  const reduced = series.map((s) => ({ color: s.color, points: downsample(s.points, Math.max(4, width)) }));
  const all = reduced.flatMap((s) => s.points);
  const svg = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
  if (all.length === 0) return svg('');
  const finite = all.filter((p) => Number.isFinite(p.value)).map((p) => p.value);
  const steps = all.map((p) => p.step);
  const [minStep, maxStep] = [Math.min(...steps), Math.max(...steps)];
  const [low, high] = finite.length > 0 ? [Math.min(...finite), Math.max(...finite)] : [0, 0];
  const x = (step: number) => (maxStep === minStep ? width / 2 : pad + ((step - minStep) / (maxStep - minStep)) * (width - 2 * pad));
  const y = (value: number) => (high === low ? height / 2 : height - pad - ((value - low) / (high - low)) * (height - 2 * pad));
  const body: string[] = [];
  for (const { color, points } of [...reduced].reverse()) {
    const segments: string[] = [];
    let current = '';
    let drawn = 0;
    for (const point of points) {
      if (!Number.isFinite(point.value)) {
        if (current) segments.push(current);
        current = '';
        body.push(`<circle cx="${x(point.step).toFixed(1)}" cy="${height - 2}" r="1.6" fill="${alert}"/>`);
        continue;
      }
      current += `${current ? 'L' : 'M'}${x(point.step).toFixed(1)} ${y(point.value).toFixed(1)}`;
      drawn++;
    }
    if (current) segments.push(current);
    const d = segments.join('');
    if (drawn === 1) {
      const only = points.find((p) => Number.isFinite(p.value)) as MetricPoint;
      body.push(`<circle cx="${x(only.step).toFixed(1)}" cy="${y(only.value).toFixed(1)}" r="2" fill="${color}"/>`);
    } else if (d) {
      body.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5" stroke-linejoin="round"/>`);
    }
  }
  return svg(body.join(''));
}
