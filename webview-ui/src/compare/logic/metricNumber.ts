import type { MetricNumber } from '../../../../src/protocol/compare';

/** The number a protocol value stands for; MLflow's strings become NaN and ±Infinity again. */
export function metricValue(value: MetricNumber | undefined): number {
  if (value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** Six significant digits, exponent notation only where fixed notation would mislead or sprawl. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(4).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(6)));
}
