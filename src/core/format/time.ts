export function formatDuration(startMs: number | null, endMs: number | null): string {
  if (startMs === null || endMs === null) return '-';
  let seconds = Math.max(0, Math.round((endMs - startMs) / 1000));
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  if (days > 0) return `${days}d${String(hours).padStart(2, '0')}h`;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(seconds).padStart(2, '0')}s`;
  return `${seconds}s`;
}

const UNITS: [string, number][] = [
  ['year', 365 * 86400_000],
  ['month', 30 * 86400_000],
  ['week', 7 * 86400_000],
  ['day', 86400_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 hours ago", "just now", "in 2 days" (clock skew between machines happens). */
export function formatRelativeTime(epochMs: number | null, nowMs: number): string {
  if (epochMs === null) return 'never started';
  const delta = nowMs - epochMs;
  const magnitude = Math.abs(delta);
  for (const [unit, size] of UNITS) {
    if (magnitude >= size) {
      const count = Math.floor(magnitude / size);
      const phrase = `${count} ${unit}${count === 1 ? '' : 's'}`;
      return delta >= 0 ? `${phrase} ago` : `in ${phrase}`;
    }
  }
  return 'just now';
}

export function formatTimestamp(epochMs: number | null): string {
  if (epochMs === null) return '-';
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
