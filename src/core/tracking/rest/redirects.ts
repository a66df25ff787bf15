// Redirects as Python's requests follows them for MLflow (Session.resolve_redirects): at most
// 30, the method rewritten to GET where browsers do it, and the Authorization header dropped
// when the redirect leaves the host, so credentials never go to another server.

export const MAX_REDIRECTS = 30;

export interface RedirectableRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export function isRedirect(status: number, location: string | undefined): location is string {
  return location !== undefined && [301, 302, 303, 307, 308].includes(status);
}

export function redirectedRequest(previous: RedirectableRequest, status: number, location: string): RedirectableRequest {
  const url = new URL(location, previous.url);
  let method = previous.method;
  if ((status === 303 && method !== 'HEAD') || (status === 302 && method !== 'HEAD') || (status === 301 && method === 'POST')) {
    method = 'GET';
  }
  const headers = { ...previous.headers };
  let body = previous.body;
  if (status !== 307 && status !== 308) {
    delete headers['Content-Type'];
    delete headers['Content-Length'];
    body = undefined;
  }
  if (shouldStripAuth(previous.url, url)) delete headers.Authorization;
  return { url, method, headers, body };
}

// requests' Session.should_strip_auth
function shouldStripAuth(from: URL, to: URL): boolean {
  if (from.hostname !== to.hostname) return true;
  const defaultPort = (protocol: string): string => (protocol === 'https:' ? '443' : '80');
  const fromPort = from.port || defaultPort(from.protocol);
  const toPort = to.port || defaultPort(to.protocol);
  if (from.protocol === 'http:' && to.protocol === 'https:' && fromPort === '80' && toPort === '443') return false;
  return from.protocol !== to.protocol || fromPort !== toPort;
}
