import * as net from 'node:net';
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from './kubeTypes';
import { acceptWebSocket, type WebSocketConnection } from './webSocket';

// GET /api/v1/namespaces/<ns>/pods/<name>/portforward?ports=N over a WebSocket, as the kubelet's
// streaming server serves it (pkg/kubelet/cri/streaming/portforward/websocket.go, protocol
// v4.channel.k8s.io): each message starts with its channel byte, channel 0 carries the data and
// channel 1 the errors of the first port, and the server's first message on each channel is the
// port number (2 bytes, little-endian). There is no container behind a fake pod, so a test routes
// a container port of an image to a real TCP endpoint (e.g. a local HTTP server); a port nothing
// listens on is reported on the error channel the way the kubelet reports a refused dial.

const PROTOCOL = 'v4.channel.k8s.io';

export interface PortRoute {
  image: string;
  containerPort: number;
  target: { host: string; port: number };
}

export function refuseUpgrade(socket: Duplex, code: number, reason: string, message: string): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function portFrame(channel: number, port: number): Buffer {
  const buffer = Buffer.alloc(3);
  buffer[0] = channel;
  buffer.writeUInt16LE(port, 1);
  return buffer;
}

export class PortForwarder {
  private routes: PortRoute[] = [];
  private connections = new Set<WebSocketConnection>();

  route(image: string, containerPort: number, target: { host: string; port: number }): void {
    this.routes = this.routes.filter((r) => !(r.image === image && r.containerPort === containerPort));
    this.routes.push({ image, containerPort, target });
  }

  get openCount(): number {
    return this.connections.size;
  }

  /** Serves an upgrade request for `pod` (undefined when it does not exist). */
  serve(pod: Pod | undefined, podName: string, query: URLSearchParams, req: http.IncomingMessage, socket: Duplex): void {
    if (!pod) return refuseUpgrade(socket, 404, 'NotFound', `pods "${podName}" not found`);
    const ports = (query.getAll('ports').join(',')).split(',').filter((p) => p !== '').map(Number);
    if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
      return refuseUpgrade(socket, 400, 'BadRequest', 'at least one valid port number is required (ports=1-65535)');
    }
    if (ports.length > 1) return refuseUpgrade(socket, 400, 'BadRequest', 'the fake forwards one port per connection');
    if (pod.status?.phase !== 'Running') {
      return refuseUpgrade(socket, 400, 'BadRequest', `unable to upgrade connection: pod ${podName} is not running (phase ${pod.status?.phase ?? 'Pending'})`);
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(PROTOCOL)) return refuseUpgrade(socket, 400, 'BadRequest', `the fake's port-forward speaks ${PROTOCOL} only`);
    const ws = acceptWebSocket(req, socket, PROTOCOL);
    if (!ws) return;
    const [port] = ports;
    this.connections.add(ws);
    ws.onClose(() => this.connections.delete(ws));
    ws.send(portFrame(0, port));
    ws.send(portFrame(1, port));
    const images = new Set(pod.spec.containers.map((c) => c.image));
    const route = this.routes.find((r) => images.has(r.image) && r.containerPort === port);
    const fail = (why: string) => {
      ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(`an error occurred forwarding ${port} -> ${port}: error forwarding port ${port} to pod ${pod.metadata.uid}, uid : ${why}`)]));
      ws.close();
    };
    if (!route) return fail(`failed to connect to localhost:${port} inside namespace: dial tcp4 127.0.0.1:${port}: connect: connection refused`);
    const upstream = net.connect(route.target.port, route.target.host);
    upstream.on('data', (chunk: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), chunk])));
    upstream.on('end', () => ws.close());
    upstream.on('error', (error) => fail(`failed to connect to localhost:${port}: ${error.message}`));
    ws.onMessage((message) => {
      if (message.length > 1 && message[0] === 0) upstream.write(message.subarray(1));
    });
    ws.onClose(() => upstream.destroy());
  }

  closeAll(): void {
    for (const ws of [...this.connections]) ws.close(1001);
  }
}
