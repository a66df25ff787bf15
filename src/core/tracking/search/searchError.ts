/**
 * A filter, order_by, max_results or page token that MLflow rejects. The message is MLflow's own
 * wording; stores wrap it in a TrackingError that names the store.
 */
export class InvalidSearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSearchError';
  }
}

export function invalid(message: string): never {
  throw new InvalidSearchError(message);
}
