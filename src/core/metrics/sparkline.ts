import type { MetricPoint } from '../tracking/types';
import { downsample } from './downsample';

export interface SparklineOptions {
  width?: number;
  height?: number;
  stroke?: string;
  /** marks non-finite values (NaN, ±inf) along the bottom edge */
  alertColor?: string;
}

/**
 * A small SVG line of a metric's history, x by step. Non-finite values break the line and are
 * marked, so a divergence shows instead of vanishing.
 */
export function sparklineSvg(history: readonly MetricPoint[], options: SparklineOptions = {}): string {
  const width = options.width ?? 120;
  const height = options.height ?? 24;
  const stroke = options.stroke ?? '#3794ff';
  const alert = options.alertColor ?? '#f14c4c';
  const points = downsample(history, Math.max(4, width * 2));
  const finite = points.filter((p) => Number.isFinite(p.value));
  const pad = 2;
  const svg = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
  if (points.length === 0) return svg('');
  const minStep = points[0].step;
  const maxStep = points[points.length - 1].step;
  const low = Math.min(...finite.map((p) => p.value));
  const high = Math.max(...finite.map((p) => p.value));
  const x = (step: number) => (maxStep === minStep ? width / 2 : pad + ((step - minStep) / (maxStep - minStep)) * (width - 2 * pad));
  const y = (value: number) => (high === low ? height / 2 : height - pad - ((value - low) / (high - low)) * (height - 2 * pad));
  const segments: string[] = [];
  const marks: string[] = [];
  let current = '';
  for (const point of points) {
    if (!Number.isFinite(point.value)) {
      if (current) segments.push(current);
      current = '';
      marks.push(`<circle cx="${x(point.step).toFixed(1)}" cy="${height - 2}" r="1.6" fill="${alert}"/>`);
      continue;
    }
    current += `${current ? 'L' : 'M'}${x(point.step).toFixed(1)} ${y(point.value).toFixed(1)}`;
  }
  if (current) segments.push(current);
  const lines = segments.map((d) => `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="1.5" stroke-linejoin="round"/>`);
  if (finite.length === 1) {
    lines.push(`<circle cx="${x(finite[0].step).toFixed(1)}" cy="${y(finite[0].value).toFixed(1)}" r="2" fill="${stroke}"/>`);
  }
  return svg(lines.join('') + marks.join(''));
}

export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
