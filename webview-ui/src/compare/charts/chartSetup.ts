import {
  Chart,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';

// Only what the panel draws is registered, which keeps the bundle and each update small. The
// legend is the app's own (shared by every chart), so chart.js's legend plugin is left out.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, zoomPlugin);

export { Chart };
