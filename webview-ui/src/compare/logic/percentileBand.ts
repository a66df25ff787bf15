export interface ValueBand {
  min: number;
  max: number;
}

/**
 * The range between two percentiles of the finite values of several series (positive values only
 * for a log scale), used to keep a few spikes from flattening every line. Long inputs are sampled
 * at an even stride: the band needs the distribution, not every point.
 */
export function percentileBand(
  series: readonly ArrayLike<number>[],
  lowerFraction: number,
  upperFraction: number,
  options: { positiveOnly?: boolean; maxSamples?: number } = {},
): ValueBand | null {
  const maxSamples = options.maxSamples ?? 100_000;
  let total = 0;
  for (const values of series) total += values.length;
  const stride = Math.max(1, Math.ceil(total / maxSamples));
  const sample = new Float64Array(Math.ceil(total / stride) + series.length);
  let count = 0;
  let position = 0;
  for (const values of series) {
    // The stride runs across series boundaries so that many short series are sampled evenly too.
    for (let i = (stride - (position % stride)) % stride; i < values.length; i += stride) {
      const v = values[i];
      if (Number.isFinite(v) && (!options.positiveOnly || v > 0)) sample[count++] = v;
    }
    position += values.length;
  }
  if (count === 0) return null;
  const sorted = sample.subarray(0, count).sort();
  const at = (fraction: number): number => {
    const index = Math.min(count - 1, Math.max(0, fraction * (count - 1)));
    const below = Math.floor(index);
    const above = Math.ceil(index);
    return sorted[below] + (sorted[above] - sorted[below]) * (index - below);
  };
  return { min: at(lowerFraction), max: at(upperFraction) };
}

/** Widens a band a little so lines at its edges are not drawn on the chart's border. */
export function paddedBand(band: ValueBand, fraction: number, logScale: boolean): ValueBand {
  if (logScale && band.min > 0) {
    const factor = Math.pow(band.max / band.min, fraction);
    return { min: band.min / factor, max: band.max * factor };
  }
  const pad = (band.max - band.min) * fraction || Math.abs(band.max) * fraction || 1;
  return { min: band.min - pad, max: band.max + pad };
}
