import { CorruptionError } from './errors';
import type { TextEncoding } from './header';
import type { Pager } from './pager';

/** What every table and index of one snapshot reads through. */
export interface SnapshotContext {
  readonly path: string;
  readonly pager: Pager;
  readonly encoding: TextEncoding;
  readonly decodeText: (buf: Buffer, start: number, end: number) => string;
}

/** Runs fn, prefixing any corruption it reports with what was being read. */
export function inContext<T>(label: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw relabel(error, label);
  }
}

function relabel(error: unknown, label: string): unknown {
  return error instanceof CorruptionError ? new CorruptionError(`${label}: ${error.message}`) : error;
}

/** An iterable whose iterators name `label` in the corruption they report. */
export function labelled<T>(label: string, open: () => Iterator<T>): Iterable<T> {
  return {
    [Symbol.iterator](): Iterator<T> {
      const inner = inContext(label, open);
      return {
        next(): IteratorResult<T> {
          try {
            return inner.next();
          } catch (error) {
            throw relabel(error, label);
          }
        },
      };
    },
  };
}
