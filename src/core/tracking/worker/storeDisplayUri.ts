import { redactUri, type ResolvedTrackingUri } from '../trackingUri';

/**
 * The `uri` the store itself reports, known without opening it: a tracking server's URI loses its
 * `user:password@`, query and fragment as RestTrackingStore's does.
 */
export function storeDisplayUri(resolved: ResolvedTrackingUri): string {
  if (resolved.kind !== 'rest') return resolved.uri;
  try {
    const url = new URL(resolved.uri);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return redactUri(resolved.uri);
  }
}
