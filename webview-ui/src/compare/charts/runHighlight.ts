import type { Chart, PointElement } from 'chart.js';
import type { RunStyle } from '../logic/palette';

/**
 * Draws a highlighted run over the others without a chart update: the chart area is veiled in the
 * editor's background, then the run's line is stroked again, thicker, from the points chart.js
 * has already laid out. Hovering a legend entry thereby costs one redraw per chart, not an update
 * of every point.
 */
export function drawRunHighlight(chart: Chart<'line', unknown[]>, datasetIndex: number, style: RunStyle, background: string): void {
  const area = chart.chartArea;
  const meta = chart.getDatasetMeta(datasetIndex);
  if (!area || !meta || meta.hidden) return;
  const context = chart.ctx;
  context.save();
  context.beginPath();
  context.rect(area.left, area.top, area.width, area.height);
  context.clip();
  context.globalAlpha = 0.75;
  context.fillStyle = background;
  context.fillRect(area.left, area.top, area.width, area.height);
  context.globalAlpha = 1;
  context.strokeStyle = style.color;
  context.lineWidth = 2.5;
  context.lineJoin = 'round';
  context.setLineDash([...style.dash]);
  context.beginPath();
  let drawing = false;
  for (const point of meta.data as PointElement[]) {
    if (point.skip) {
      drawing = false;
      continue;
    }
    if (drawing) context.lineTo(point.x, point.y);
    else context.moveTo(point.x, point.y);
    drawing = true;
  }
  context.stroke();
  context.restore();
}
