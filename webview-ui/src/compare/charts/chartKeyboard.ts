import type { KeyboardEvent } from 'react';

export interface ZoomableChart {
  zoomBy(factor: number): void;
  panBy(x: number, y: number): void;
  resetZoom(): void;
}

export const chartKeyboardHelp = 'Plus and minus zoom, arrow keys pan, 0 resets the zoom. With a mouse: drag a box to zoom, Ctrl+wheel zooms, Shift+drag pans.';

/** The keys a focused chart canvas understands; true when the key was one of them. */
export function handleChartKey(event: KeyboardEvent<HTMLCanvasElement>, chart: ZoomableChart | null): boolean {
  if (!chart || event.altKey || event.ctrlKey || event.metaKey) return false;
  const step = 60;
  switch (event.key) {
    case '+':
    case '=':
      chart.zoomBy(1.25);
      return true;
    case '-':
    case '_':
      chart.zoomBy(0.8);
      return true;
    case '0':
      chart.resetZoom();
      return true;
    case 'ArrowLeft':
      chart.panBy(step, 0);
      return true;
    case 'ArrowRight':
      chart.panBy(-step, 0);
      return true;
    case 'ArrowUp':
      chart.panBy(0, step);
      return true;
    case 'ArrowDown':
      chart.panBy(0, -step);
      return true;
    default:
      return false;
  }
}
