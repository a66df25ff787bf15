export const maxSmoothingWeight = 0.999;

export function clampSmoothingWeight(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(weight, maxSmoothingWeight);
}

/**
 * TensorBoard's smoothing: an exponential moving average started at 0 and debiased by
 * 1 - weight^n, n counting the finite points so far. Non-finite points keep their value (so they
 * still break the line) and do not enter the average; a constant series is left as it is, which
 * spares it floating-point wobble.
 */
export function emaSmooth(values: ArrayLike<number>, weight: number): Float64Array {
  const w = clampSmoothingWeight(weight);
  const out = new Float64Array(values);
  if (w === 0 || out.length === 0) return out;
  let constant = true;
  for (let i = 1; i < out.length && constant; i++) constant = out[i] === out[0];
  if (constant) return out;
  let last = 0;
  // weight^n, kept as a running product instead of a Math.pow per point
  let weightPower = 1;
  for (let i = 0; i < out.length; i++) {
    const value = out[i];
    if (!Number.isFinite(value)) continue;
    last = last * w + (1 - w) * value;
    weightPower *= w;
    out[i] = last / (1 - weightPower);
  }
  return out;
}
