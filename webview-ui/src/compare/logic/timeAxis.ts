const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

const niceSteps = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
  minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute,
  hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour,
  day, 2 * day, 7 * day, 14 * day, 30 * day,
];

/** Tick positions in milliseconds at round durations (1 s, 5 min, 2 h, ...) instead of round numbers. */
export function timeTicks(minMs: number, maxMs: number, maxTicks: number): number[] {
  if (!(maxMs > minMs) || !Number.isFinite(minMs) || !Number.isFinite(maxMs)) return Number.isFinite(minMs) ? [minMs] : [];
  const wanted = (maxMs - minMs) / Math.max(1, maxTicks);
  let stepMs = niceSteps.find((s) => s >= wanted);
  if (stepMs === undefined) stepMs = Math.ceil(wanted / (365 * day)) * 365 * day;
  const ticks: number[] = [];
  for (let t = Math.ceil(minMs / stepMs) * stepMs; t <= maxMs; t += stepMs) ticks.push(t);
  return ticks;
}

/** A duration for axes and tables: "850 ms", "12.5 s", "3m 20s", "2h 05m", "3d 4h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a === 0) return '0';
  if (a < second) return `${sign}${Math.round(a)} ms`;
  if (a < minute) return `${sign}${Number((a / second).toPrecision(3))} s`;
  if (a < hour) {
    const m = Math.floor(a / minute);
    return `${sign}${m}m ${String(Math.floor((a - m * minute) / second)).padStart(2, '0')}s`;
  }
  if (a < day) {
    const h = Math.floor(a / hour);
    return `${sign}${h}h ${String(Math.floor((a - h * hour) / minute)).padStart(2, '0')}m`;
  }
  const d = Math.floor(a / day);
  return `${sign}${d}d ${Math.floor((a - d * day) / hour)}h`;
}
