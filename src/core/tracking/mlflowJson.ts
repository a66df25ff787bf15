// MLflow writes non-finite metric values as these strings in JSON (protobuf's JSON mapping).
function nonFiniteAsString(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    if (Number.isNaN(value)) return 'NaN';
    return value > 0 ? 'Infinity' : '-Infinity';
  }
  return value;
}

export function toMlflowJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, nonFiniteAsString, indent);
}

/** Reads a number the way MLflow's JSON carries it: a number, or "NaN" / "Infinity" / "-Infinity". */
export function parseMlflowNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new TypeError(`not a number: ${JSON.stringify(value)}`);
}

// MLflow's SQL stores keep ±Infinity as ±DBL_MAX (SQL has no infinities) and hand that number
// back, from the database and through a server on one. We show the infinity that was logged.
const DBL_MAX = 1.7976931348623157e308;

export function restoreInfinity(value: number): number {
  if (value === DBL_MAX) return Number.POSITIVE_INFINITY;
  if (value === -DBL_MAX) return Number.NEGATIVE_INFINITY;
  return value;
}
