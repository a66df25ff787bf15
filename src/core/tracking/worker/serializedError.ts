import { TrackingError } from '../errors';
import type { SerializedError } from './workerProtocol';

/** Errors cross the thread boundary as data: structured clone would drop their class and fields. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof TrackingError) return { kind: 'tracking', uri: error.uri, reason: error.reason, code: error.code };
  if (error instanceof Error) return { kind: 'error', name: error.name, message: error.message };
  return { kind: 'error', name: 'Error', message: String(error) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.kind === 'tracking') return new TrackingError(error.uri, error.reason, error.code);
  const recreated = new Error(error.message);
  recreated.name = error.name;
  return recreated;
}
