import { memo, useEffect, useId, useRef, useState } from 'react';
import type { RunSummary } from '../../../../src/protocol/compare';
import { Button } from '../../components/toolkit';
import { useInView } from '../../components/useInView';
import { useServices } from '../compareContext';
import type { LineOptions } from '../logic/linePoints';
import type { DecodedSeries } from '../logic/seriesCodec';
import { chartKeyboardHelp, handleChartKey } from './chartKeyboard';
import type { ChartTheme } from './chartTheme';
import { MetricChartController, type ChartDescription } from './metricChartController';
import { saveCanvasAsPng } from './pngExport';

export interface MetricChartCardProps {
  metricKey: string;
  runs: readonly RunSummary[];
  series: ReadonlyMap<string, DecodedSeries> | undefined;
  xAxis: LineOptions['xAxis'];
  smoothing: number;
  logScale: boolean;
  ignoreOutliers: boolean;
  highlighted: string | null;
  theme: ChartTheme;
  epoch: number;
}

function pointsNote(series: ReadonlyMap<string, DecodedSeries> | undefined): string {
  if (!series || series.size === 0) return '';
  let sent = 0;
  let total = 0;
  for (const s of series.values()) {
    sent = Math.max(sent, s.values.length);
    total = Math.max(total, s.totalPoints);
  }
  return total > sent ? `up to ${sent.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} points per run` : `up to ${sent.toLocaleString('en-US')} points per run`;
}

/** One metric's chart: created when it first scrolls into view, idle while off screen. */
export const MetricChartCard = memo(function MetricChartCard(props: MetricChartCardProps) {
  const { metricKey, runs, series, xAxis, smoothing, logScale, ignoreOutliers, highlighted, theme, epoch } = props;
  const { requests, firstPaint, bridge } = useServices();
  const cardRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const controllerRef = useRef<MetricChartController | null>(null);
  const inView = useInView(cardRef, '200px');
  const [summary, setSummary] = useState<ChartDescription>({ text: `${metricKey}: no data yet.`, hiddenNonPositive: 0, plottedRuns: 0 });
  const helpId = useId();
  const titleId = useId();

  useEffect(() => {
    if (inView) requests.want(metricKey, epoch);
  }, [inView, metricKey, epoch, requests]);

  useEffect(() => () => {
    controllerRef.current?.destroy();
    controllerRef.current = null;
  }, []);

  useEffect(() => {
    if (!inView || !canvasRef.current) return;
    controllerRef.current ??= new MetricChartController(canvasRef.current, {
      drewData: () => firstPaint.chartDrewData(),
      described: (next) =>
        setSummary((prev) =>
          prev.text === next.text && prev.hiddenNonPositive === next.hiddenNonPositive && prev.plottedRuns === next.plottedRuns ? prev : next,
        ),
    });
    controllerRef.current.update({ metricKey, runs, series, line: { xAxis, smoothing, logScale }, ignoreOutliers, highlighted, theme });
  }, [inView, metricKey, runs, series, xAxis, smoothing, logScale, ignoreOutliers, highlighted, theme, firstPaint]);

  const loading = !series && requests.has(metricKey, epoch);
  const controller = (): MetricChartController | null => controllerRef.current;
  const status = loading
    ? 'Loading…'
    : series && summary.plottedRuns === 0 && runs.length > 0
      ? 'None of the shown runs logged this metric.'
      : `${summary.plottedRuns} run${summary.plottedRuns === 1 ? '' : 's'}${series ? `, ${pointsNote(series)}` : ''}`;

  return (
    <section className="chart-card" ref={cardRef} aria-labelledby={titleId} data-metric={metricKey}>
      <header className="chart-header">
        <h3 id={titleId} className="chart-title" title={metricKey}>{metricKey}</h3>
        <span className="chart-actions">
          <Button appearance="icon" ariaLabel={`Zoom in on ${metricKey}`} onClick={() => controller()?.zoomBy(1.25)}>+</Button>
          <Button appearance="icon" ariaLabel={`Zoom out of ${metricKey}`} onClick={() => controller()?.zoomBy(0.8)}>−</Button>
          <Button appearance="icon" ariaLabel={`Reset zoom of ${metricKey}`} onClick={() => controller()?.resetZoom()}>⟲</Button>
          <Button
            appearance="icon"
            ariaLabel={`Save ${metricKey} chart as PNG`}
            onClick={() => canvasRef.current && saveCanvasAsPng(bridge, canvasRef.current, theme.background, metricKey)}
          >
            PNG
          </Button>
        </span>
      </header>
      <div className="chart-body">
        <canvas
          ref={canvasRef}
          role="img"
          tabIndex={0}
          aria-label={summary.text}
          aria-describedby={helpId}
          onKeyDown={(event) => {
            if (handleChartKey(event, controller())) event.preventDefault();
          }}
        />
      </div>
      <p className="chart-status" aria-live="polite">
        {status}
        {summary.hiddenNonPositive > 0 && ` · ${summary.hiddenNonPositive.toLocaleString('en-US')} values ≤ 0 hidden on the log scale`}
      </p>
      <p id={helpId} className="visually-hidden">{chartKeyboardHelp}</p>
    </section>
  );
});
