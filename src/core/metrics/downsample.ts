import type { MetricPoint } from '../tracking/types';

// NaN ranks above +Infinity so a divergence survives reduction like any other extreme.
function rank(value: number): number {
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
}

function isHigher(a: MetricPoint, b: MetricPoint): boolean {
  const ra = rank(a.value);
  const rb = rank(b.value);
  if (ra !== rb) return ra > rb;
  return Number.isNaN(a.value) && !Number.isNaN(b.value);
}

/**
 * Reduces a series to at most `maxPoints` points while keeping its shape: the first and last
 * points always, and the lowest and highest point of each of the equal-width buckets between
 * them (in their original order). Series already within the bound are returned as they are.
 */
export function downsample(points: readonly MetricPoint[], maxPoints: number): MetricPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
  }
  const n = points.length;
  if (n <= maxPoints) return points.slice();
  if (maxPoints === 1) return [points[0]];
  if (maxPoints === 2) return [points[0], points[n - 1]];

  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = n - 2;
  const result: MetricPoint[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (start >= end) continue;
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (isHigher(points[low], points[i])) low = i;
      if (isHigher(points[i], points[high])) high = i;
    }
    if (low === high) result.push(points[low]);
    else if (low < high) result.push(points[low], points[high]);
    else result.push(points[high], points[low]);
  }
  result.push(points[n - 1]);
  return result;
}
