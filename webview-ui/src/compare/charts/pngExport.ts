import type { HostBridge } from '../host/hostBridge';

/**
 * Saves what a canvas shows as a PNG through the host. Charts are drawn on a transparent canvas
 * over the editor's background; the image gets that background so it reads outside VS Code.
 */
export function saveCanvasAsPng(bridge: HostBridge, canvas: HTMLCanvasElement, background: string, name: string): void {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d');
  if (!context) throw new Error('the browser gave no 2D context to export the chart with');
  context.fillStyle = background;
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  const dataUrl = copy.toDataURL('image/png');
  const fileName = `${name.replace(/[^\w.-]+/g, '_') || 'chart'}.png`;
  bridge.post({ type: 'savePng', fileName, pngBase64: dataUrl.slice(dataUrl.indexOf(',') + 1) });
}
