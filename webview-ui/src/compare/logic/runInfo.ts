import type { RunSummary } from '../../../../src/protocol/compare';
import { formatDuration } from './timeAxis';

/** Milliseconds the run took, or has taken so far when it is still running (`now`). */
export function runDurationMs(run: RunSummary, now: number): number | undefined {
  if (run.startTime === null) return undefined;
  const end = run.endTime ?? (run.status === 'RUNNING' ? now : null);
  return end === null ? undefined : Math.max(0, end - run.startTime);
}

export function formatRunDuration(run: RunSummary, now: number): string {
  const ms = runDurationMs(run, now);
  if (ms === undefined) return '';
  return run.endTime === null ? `${formatDuration(ms)} so far` : formatDuration(ms);
}

export function shortCommit(commit: string | null): string {
  return commit ? commit.slice(0, 7) : '';
}

/** Local date and time to the second, the precision runs are told apart by. */
export function formatTimestamp(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
