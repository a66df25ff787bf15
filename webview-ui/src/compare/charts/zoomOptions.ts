import type { ZoomPluginOptions } from 'chartjs-plugin-zoom/types/options';

/**
 * Drag draws a box to zoom into, Ctrl+wheel zooms, Shift+drag pans: plain wheel keeps scrolling
 * the page, which holds many charts. After any of them the chart re-reduces its lines to the
 * range now visible, so zooming in reveals the detail the full view had merged.
 */
export function zoomOptions(afterChange: () => void): ZoomPluginOptions {
  return {
    zoom: {
      mode: 'xy',
      wheel: { enabled: true, modifierKey: 'ctrl', speed: 0.1 },
      drag: { enabled: true, threshold: 5 },
      pinch: { enabled: true },
      onZoomComplete: afterChange,
    },
    pan: { enabled: true, mode: 'xy', modifierKey: 'shift', onPanComplete: afterChange },
  };
}
