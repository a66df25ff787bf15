import type { TrackingStore } from '../../core/tracking/types';
import { HISTORY_CSV_HEADER, historyCsvRows, runsCsv } from './compareCsv';
import type { ComparedRuns } from './comparedRuns';
import { mapWithLimit } from './limitConcurrency';
import type { SeriesLoader } from './seriesLoader';

export interface FileSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

export type SavedKind = 'csv' | 'png';

/** The editor's side of saving: where to (a save dialog), and progress while writing. */
export interface CompareDialogs {
  /** Asks where to save, then writes with `write`; the file saved, or undefined when the user cancelled. */
  save(defaultName: string, kind: SavedKind, write: (sink: FileSink, signal: AbortSignal) => Promise<void>): Promise<string | undefined>;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One row per run; stats of histories not read yet are read first, so min and max are never blank by accident. */
export function exportRunsCsv(dialogs: CompareDialogs, runs: ComparedRuns, loader: SeriesLoader, paramKeys: readonly string[], metricKeys: readonly string[]): Promise<string | undefined> {
  const name = `compare-${runs.loaded.length}-runs.csv`;
  return dialogs.save(name, 'csv', async (sink) => {
    const missing = metricKeys.flatMap((key) => runs.runsWithMetric(key).filter((run) => !runs.hasStats(run.info.run_id, key)).map((run) => [run.info.run_id, key] as const));
    await Promise.all(missing.map(([runId, key]) => loader.get(runId, key, true).then(
      (loaded) => runs.setStats(runId, key, loaded.stats),
      // A history that cannot be read leaves its cells blank; the row is still worth having.
      () => undefined,
    )));
    await sink.write(runsCsv(runs.summaries(), paramKeys, metricKeys));
  });
}

/** Every point of the chosen metrics' histories (not the reduced series), one row per point. */
export function exportHistoriesCsv(dialogs: CompareDialogs, runs: ComparedRuns, store: () => Promise<TrackingStore>, metricKeys: readonly string[]): Promise<string | undefined> {
  const name = `compare-${runs.loaded.length}-runs-history.csv`;
  return dialogs.save(name, 'csv', async (sink, signal) => {
    const tracking = await store();
    await sink.write(HISTORY_CSV_HEADER);
    const pairs = metricKeys.flatMap((key) => runs.runsWithMetric(key).map((run) => [run, key] as const));
    // Read ahead a little but write in order, holding at most a few raw histories at once.
    for (let start = 0; start < pairs.length; start += 4) {
      const chunk = pairs.slice(start, start + 4);
      const histories = await mapWithLimit(chunk, 4, ([run, key]) => tracking.getMetricHistory(run.info.run_id, key, signal));
      for (let i = 0; i < chunk.length; i++) {
        const [run, key] = chunk[i];
        await sink.write(historyCsvRows({ runId: run.info.run_id, runName: runs.nameOf(run.info.run_id) }, key, histories[i]));
      }
    }
  });
}

export function savePng(dialogs: CompareDialogs, fileName: string, pngBase64: string): Promise<string | undefined> {
  const bytes = Buffer.from(pngBase64, 'base64');
  if (bytes.length <= PNG_SIGNATURE.length || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    return Promise.reject(new Error('the chart image is not a PNG'));
  }
  return dialogs.save(safeFileName(fileName, 'chart.png'), 'png', (sink) => sink.write(bytes));
}

/** A name the app suggests must not steer the dialog to another folder. */
export function safeFileName(name: string, fallback: string): string {
  const base = [...(name.split(/[\\/]/).pop() ?? '')].map((c) => (c < ' ' || '<>:"|?*'.includes(c) ? '_' : c)).join('').trim();
  return base && base !== '.' && base !== '..' ? base : fallback;
}
