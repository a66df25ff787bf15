// A scripted stand-in for an MLflow tracking server: routes answer recorded requests, and the
// tests await requests by count instead of sleeping.
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** the parsed JSON body of a POST, else undefined */
  body: Record<string, unknown> | undefined;
  /** resolves when the client goes away before the answer was sent */
  clientGone: Promise<void>;
  /** the TLS client certificate's subject CN, when one was presented */
  clientCertCn?: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** an object is sent as JSON, a string as is */
  body?: unknown;
}

export type Route = (request: RecordedRequest) => Reply | Promise<Reply>;

export class FakeMlflowServer {
  readonly requests: RecordedRequest[] = [];
  private readonly events = new EventEmitter();
  private readonly routes = new Map<string, Route>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(routes: Record<string, Route> = {}, tls?: https.ServerOptions): Promise<FakeMlflowServer> {
    const started: { fake?: FakeMlflowServer } = {};
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => void started.fake?.handle(req, res);
    const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeMlflowServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    started.fake = fake;
    for (const [key, route] of Object.entries(routes)) fake.route(key, route);
    return fake;
  }

  /** `key` is "METHOD /path", e.g. "POST /api/2.0/mlflow/runs/search". */
  route(key: string, route: Route): void {
    this.routes.set(key, route);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Resolves once `count` requests matching `filter` have arrived (at once if they already have). */
  waitForRequests(count: number, filter: (r: RecordedRequest) => boolean = () => true): Promise<RecordedRequest[]> {
    return new Promise((resolve) => {
      const check = (): void => {
        const matching = this.requests.filter(filter);
        if (matching.length >= count) {
          this.events.off('request', check);
          resolve(matching);
        }
      };
      this.events.on('request', check);
      check();
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const peer = 'getPeerCertificate' in req.socket ? (req.socket as import('node:tls').TLSSocket).getPeerCertificate() : undefined;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
      clientGone: new Promise((resolve) => res.on('close', () => !res.writableFinished && resolve())),
      clientCertCn: peer && 'subject' in peer && peer.subject ? String(peer.subject.CN) : undefined,
    };
    this.requests.push(recorded);
    const route = this.routes.get(`${recorded.method} ${recorded.path}`);
    this.events.emit('request');
    const reply: Reply = route ? await route(recorded) : { status: 404, body: '<html>Not Found</html>' };
    if (res.destroyed) return;
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    const contentType = typeof reply.body === 'string' ? 'text/html' : 'application/json';
    res.writeHead(reply.status ?? 200, { 'Content-Type': contentType, ...reply.headers });
    res.end(body);
  }
}

/** MLflow's error body. */
export function mlflowError(status: number, errorCode: string, message: string): Reply {
  return { status, body: { error_code: errorCode, message } };
}

/** A promise and its resolver, to hold an answer until the test lets it go. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
