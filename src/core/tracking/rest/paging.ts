// Page-token loops and per-item conversion shared by the list calls.
import { TrackingError, describeError } from '../errors';
import type { StoreProblem } from '../types';
import { type JsonObject, isObject } from './jsonFields';

/** Calls `fetchPage` with each next_page_token until the server sends none. */
export async function forEachPage(
  uri: string,
  fetchPage: (pageToken: string | undefined) => Promise<JsonObject>,
  onPage: (page: JsonObject) => void,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    onPage(page);
    token = nextPageToken(page) ?? undefined;
    // A server that hands back a token it already gave would keep us paging forever.
    if (token !== undefined && seen.has(token)) {
      throw new TrackingError(uri, `the server repeated the page token ${JSON.stringify(token)}`, 'CORRUPT');
    }
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
}

/** MLflow's clients read an empty token as no further page. */
export function nextPageToken(page: JsonObject): string | null {
  const token = page.next_page_token;
  return typeof token === 'string' && token !== '' ? token : null;
}

/**
 * Converts each item of a response list; an item that fails becomes a problem named by
 * `describe`, and the others are still returned.
 */
export function convertEach<T>(
  items: unknown,
  convert: (json: JsonObject) => T,
  describe: (json: unknown, index: number) => string,
  problems: StoreProblem[],
): T[] {
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) {
    problems.push({ item: describe(items, 0), message: 'the server sent something other than a list' });
    return [];
  }
  const converted: T[] = [];
  items.forEach((item, index) => {
    try {
      if (!isObject(item)) throw new TypeError('not an object');
      converted.push(convert(item));
    } catch (error) {
      problems.push({ item: describe(item, index), message: describeError(error) });
    }
  });
  return converted;
}
