import type { RunSummary } from '../../../../src/protocol/compare';
import type { ChartTheme } from '../charts/chartTheme';
import { runStyle, withAlpha } from '../logic/palette';
import { axisTicks, type ParallelAxis } from './parallelModel';

export interface ParallelDrawing {
  runs: readonly RunSummary[];
  axes: readonly ParallelAxis[];
  highlighted: string | null;
  theme: ChartTheme;
}

const margin = { top: 36, bottom: 24, left: 72, right: 72 };

function truncate(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let end = text.length;
  while (end > 1 && context.measureText(`${text.slice(0, end)}…`).width > width) end--;
  return `${text.slice(0, end)}…`;
}

/** One polyline per run in its colour across the axes; a gap where a run has no value. */
export function drawParallel(canvas: HTMLCanvasElement, width: number, height: number, drawing: ParallelDrawing): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const { axes, theme } = drawing;
  if (axes.length === 0) return;

  const plotHeight = Math.max(10, height - margin.top - margin.bottom);
  const spacing = axes.length > 1 ? (width - margin.left - margin.right) / (axes.length - 1) : 0;
  const xOf = (i: number): number => (axes.length > 1 ? margin.left + i * spacing : width / 2);
  const yOf = (fraction: number): number => margin.top + (1 - fraction) * plotHeight;

  const drawRun = (run: RunSummary, color: string, lineWidth: number): void => {
    const style = runStyle(run.colorIndex);
    context.strokeStyle = color;
    context.lineWidth = lineWidth;
    context.setLineDash([...style.dash]);
    context.beginPath();
    let drawing = false;
    axes.forEach((axis, i) => {
      const position = axis.positions.get(run.runId);
      if (position === undefined) {
        drawing = false;
        return;
      }
      if (drawing) context.lineTo(xOf(i), yOf(position));
      else context.moveTo(xOf(i), yOf(position));
      drawing = true;
    });
    context.stroke();
  };

  const highlighted = drawing.runs.find((r) => r.runId === drawing.highlighted);
  for (const run of drawing.runs) {
    if (run === highlighted) continue;
    const color = runStyle(run.colorIndex).color;
    drawRun(run, highlighted ? withAlpha(color, 0.12) : withAlpha(color, 0.85), 1.5);
  }
  if (highlighted) drawRun(highlighted, runStyle(highlighted.colorIndex).color, 3);
  context.setLineDash([]);

  const font = `${Math.max(10, theme.fontSize - 1)}px ${theme.fontFamily}`;
  context.font = font;
  axes.forEach((axis, i) => {
    const x = xOf(i);
    context.strokeStyle = theme.foreground;
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(x, yOf(1));
    context.lineTo(x, yOf(0));
    context.stroke();
    context.fillStyle = theme.foreground;
    context.textAlign = 'center';
    context.textBaseline = 'bottom';
    context.font = `bold ${font}`;
    context.fillText(truncate(context, axis.source.key, Math.max(40, spacing - 8 || width - 16)), x, margin.top - 14);
    context.font = font;
    context.fillStyle = theme.mutedForeground;
    context.textAlign = i === axes.length - 1 && axes.length > 1 ? 'left' : 'right';
    context.textBaseline = 'middle';
    const offset = context.textAlign === 'left' ? 6 : -6;
    for (const tick of axisTicks(axis.scale, Math.max(2, Math.floor(plotHeight / 18)))) {
      context.fillText(truncate(context, tick.label, margin.left - 10), x + offset, yOf(tick.fraction));
    }
  });
}
