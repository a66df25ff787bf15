import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** One request the client sent through the proxy. */
export interface ProxiedRequest {
  method: string;
  url: string;
  status?: number;
}

/**
 * A pass-through HTTP proxy in front of a plain-http API server, so a test can see the client's
 * requests (lists, watches and their resourceVersions, updates) and make the server answer one
 * update with a real 409: when armed, before the first PUT of a Deployment it writes the same
 * Deployment itself (a merge patch of an annotation), so the PUT carries a stale resourceVersion.
 */
export class KubernetesApiProxy {
  readonly requests: ProxiedRequest[] = [];
  private conflictFor: { name: string; annotation: string } | undefined;
  private readonly watches = new Set<http.ServerResponse>();
  private serviceProxy: ((path: string, body: string) => { status: number; body: string }) | undefined;
  private server: http.Server;
  url = '';
  kubeconfigPath = '';

  private constructor(private readonly upstream: URL, private readonly token: string) {
    this.server = http.createServer((req, res) => void this.forward(req, res));
    // this proxy passes no protocol upgrades: it answers them as an API server whose RBAC forbids
    // pods/portforward (and pods/exec) would, so port-forwarding clients meet a real 403
    this.server.on('upgrade', (req: http.IncomingMessage, socket: import('node:stream').Duplex) => {
      this.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', status: 403 });
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
        message: `pods is forbidden: User "proxied" cannot create resource "pods/portforward" in API group ""` });
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
  }

  static async start(upstream: string, token: string, namespace: string): Promise<KubernetesApiProxy> {
    const proxy = new KubernetesApiProxy(new URL(upstream), token);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-kubeproxy-'));
    proxy.kubeconfigPath = path.join(dir, 'kubeconfig');
    fs.writeFileSync(proxy.kubeconfigPath, JSON.stringify({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'proxied', cluster: { server: proxy.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'proxied', user: { token } }],
      contexts: [{ name: 'proxied', context: { cluster: 'proxied', user: 'proxied', namespace } }],
      'current-context': 'proxied',
    }));
    return proxy;
  }

  /** The next PUT of deployment `name` meets a write that came first (setting `annotation`). */
  conflictOnNextUpdate(name: string, annotation: string): void {
    this.conflictFor = { name, annotation };
  }

  /**
   * Answers the API server's service proxy paths (/api/v1/namespaces/NS/services/NAME:PORT/proxy/...)
   * in the pods' stead: the fake runs no containers to proxy to.
   */
  answerServiceProxy(handler: (path: string, body: string) => { status: number; body: string }): void {
    this.serviceProxy = handler;
  }

  /** Cuts every open watch connection without a word, as a dropped network connection would. */
  dropWatches(): void {
    for (const res of this.watches) res.destroy();
    this.watches.clear();
  }

  /** Requests after `from` (an index into `requests`) that match. */
  since(from: number, method: string, pattern: RegExp): ProxiedRequest[] {
    return this.requests.slice(from).filter((r) => r.method === method && pattern.test(r.url));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(path.dirname(this.kubeconfigPath), { recursive: true, force: true });
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/' };
    this.requests.push(record);
    if (this.serviceProxy && /^\/api\/v1\/namespaces\/[^/]+\/services\/[^/]+\/proxy\//.test(record.url)) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = this.serviceProxy(record.url, Buffer.concat(chunks).toString('utf8'));
      record.status = answer.status;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
      return;
    }
    const conflict = this.conflictFor;
    const match = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/?]+)$/.exec(record.url.split('?')[0]);
    if (conflict && record.method === 'PUT' && match && match[2] === conflict.name) {
      this.conflictFor = undefined;
      await this.send('PATCH', record.url, 'application/merge-patch+json', JSON.stringify({ metadata: { annotations: { [conflict.annotation]: 'written meanwhile' } } }));
    }
    if (/[?&]watch=(true|1)/.test(record.url)) {
      this.watches.add(res);
      res.on('close', () => this.watches.delete(res));
    }
    const upstream = http.request(new URL(record.url, this.upstream), { method: record.method, headers: { ...req.headers, host: this.upstream.host } }, (answer) => {
      record.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      // a watch's headers must reach the client before its first event, as the API server sends them
      res.flushHeaders();
      // a client that hangs up (a cancelled log follow, a dropped watch) aborts the upstream answer
      answer.on('error', () => res.destroy());
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.on('error', () => upstream.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  private send(method: string, url: string, contentType: string, body: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(url, this.upstream), {
        method, headers: { authorization: `Bearer ${this.token}`, 'content-type': contentType },
      }, (answer) => {
        answer.resume();
        answer.on('end', () => (answer.statusCode === 200 ? resolve() : reject(new Error(`${method} ${url}: ${answer.statusCode}`))));
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}
