export interface XRange {
  min: number;
  max: number;
}

/** Parallel arrays of the points to plot; `length` of them are used. NaN in ys is a gap. */
export interface PlotArrays {
  xs: Float64Array;
  ys: Float64Array;
  length: number;
}

/** First index whose x is >= value, in ascending xs. */
function lowerBound(xs: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose x is > value, in ascending xs. */
function upperBound(xs: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Appends a point; a non-finite y becomes a NaN gap, never two in a row. */
function append(out: PlotArrays, x: number, y: number): void {
  const gap = !Number.isFinite(y);
  if (gap && out.length > 0 && Number.isNaN(out.ys[out.length - 1])) return;
  out.xs[out.length] = x;
  out.ys[out.length] = gap ? Number.NaN : y;
  out.length++;
}

/** Appends a column's lowest and highest point in the order they were logged. */
function appendColumn(out: PlotArrays, xs: ArrayLike<number>, ys: ArrayLike<number>, low: number, high: number): void {
  if (low < 0) return;
  const first = low < high ? low : high;
  const second = low < high ? high : low;
  append(out, xs[first], ys[first]);
  if (second !== first) append(out, xs[second], ys[second]);
}

/**
 * Reduces a line (xs ascending) to what `columns` pixel columns can show: per column the lowest
 * and highest point in their order, plus the first and last point, so extremes and the latest
 * value survive. Non-finite ys become one NaN gap each, so the line breaks where the data does.
 * With `range`, only points inside it are kept, plus one neighbour on each side so the line
 * reaches the edges. The plotted point count is bounded by the chart's width, not the data.
 */
export function reduceToColumns(xs: ArrayLike<number>, ys: ArrayLike<number>, columns: number, range?: XRange): PlotArrays {
  const n = Math.min(xs.length, ys.length);
  const start = range ? Math.max(0, lowerBound(xs, range.min) - 1) : 0;
  const end = range ? Math.min(n, upperBound(xs, range.max) + 1) : n;
  const count = Math.max(0, end - start);
  const out: PlotArrays = { xs: new Float64Array(count), ys: new Float64Array(count), length: 0 };
  if (count === 0) return out;

  const lo = range ? range.min : xs[start];
  const hi = range ? range.max : xs[end - 1];
  const wholeColumns = Math.max(1, Math.floor(columns));
  if (count <= 2 * wholeColumns + 2 || !(hi > lo)) {
    for (let i = start; i < end; i++) append(out, xs[i], ys[i]);
    return out;
  }

  const perUnit = wholeColumns / (hi - lo);
  let column = -1;
  let low = -1;
  let high = -1;
  for (let i = start; i < end; i++) {
    const y = ys[i];
    if (i === start || i === end - 1 || !Number.isFinite(y)) {
      appendColumn(out, xs, ys, low, high);
      low = high = column = -1;
      append(out, xs[i], y);
      continue;
    }
    let c = Math.floor((xs[i] - lo) * perUnit);
    if (c < 0) c = 0;
    else if (c >= wholeColumns) c = wholeColumns - 1;
    if (c !== column) {
      appendColumn(out, xs, ys, low, high);
      low = high = i;
      column = c;
    } else if (y < ys[low]) low = i;
    else if (y > ys[high]) high = i;
  }
  appendColumn(out, xs, ys, low, high);
  return out;
}
