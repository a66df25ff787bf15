import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import { PortForward } from '@kubernetes/client-node';
import { DeployError, abortError } from '../deployError';
import type { ClusterAccess } from './clusterAccess';
import { kubeError } from './kubeCall';
import { serviceEndpoint } from './servicePod';

const UPGRADE_TIMEOUT_MS = 15_000;

/** An open `kubectl port-forward svc/NAME LOCAL:PORT`. */
export interface PodPortForward {
  localPort: number;
  pod: string;
  servicePort: number;
  containerPort: number;
  /** why the last connection could not be forwarded, if one could not */
  readonly lastError: DeployError | undefined;
  close(): Promise<void>;
}

export interface PortForwardRequest {
  /** 0 (default): any free port */
  localPort?: number;
  /** default: the Service's first port */
  servicePort?: number;
  /** aborts the opening, and closes the forward once open */
  signal: AbortSignal;
  /** a connection could not be forwarded (the pod went away, its port refused), as kubectl prints it */
  onConnectionError?: (error: DeployError) => void;
}

/** The API server answered the upgrade with an HTTP status instead of switching protocols. */
export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`the API server answered ${status} instead of switching protocols`);
    this.name = 'UpgradeRefused';
  }
}

/** True when the cluster forbade port-forwarding (RBAC on pods/portforward): the service proxy may still be allowed. */
export function isForwardForbidden(error: unknown): boolean {
  return error instanceof DeployError && error.details.cause instanceof UpgradeRefused && error.details.cause.status === 403;
}

interface Closable {
  close(): void;
  on(event: 'close', listener: () => void): unknown;
}

/**
 * Listens on 127.0.0.1 and carries each accepted connection over its own pods/portforward
 * WebSocket (client-node's PortForward opens one per call). Like kubectl, which dials the pod
 * before it prints "Forwarding from", one stream is opened first so that a refusal (403, a pod
 * that stopped running) fails here and not on the first request.
 */
export async function openPortForward(access: ClusterAccess, name: string, request: PortForwardRequest): Promise<PodPortForward> {
  const { signal } = request;
  if (signal.aborted) throw abortError(signal);
  const endpoint = await serviceEndpoint(access, name, request.servicePort, signal);
  const forward = new PortForward(access.kubeConfig);
  const what = `port-forward to pod '${endpoint.pod}' (port ${endpoint.containerPort}) of service '${name}'`;
  const connect = async (output: NodeJS.WritableStream, errors: PassThrough, input: NodeJS.ReadableStream): Promise<Closable> => {
    try {
      return await forward.portForward(access.namespace, endpoint.pod, [endpoint.containerPort], output as never, errors, input as never) as unknown as Closable;
    } catch (error) {
      throw forwardError(access, what, error);
    }
  };
  const probe = await raceAbort(connect(new PassThrough(), new PassThrough(), new PassThrough()), signal, () => new DeployError('TARGET_UNAVAILABLE',
    `Could not ${what}: the cluster of context '${access.context}' (${access.server}) did not answer the upgrade to a port-forward stream within ${UPGRADE_TIMEOUT_MS / 1000} s (a proxy in front of it may not pass WebSocket upgrades).`));
  probe.close();

  const open = new Set<Closable>();
  const sockets = new Set<net.Socket>();
  let lastError: DeployError | undefined;
  const failed = (error: DeployError) => {
    lastError = error;
    request.onConnectionError?.(error);
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const errors = new PassThrough();
    errors.on('data', (chunk: Buffer) => {
      failed(new DeployError('FAILED', `Could not ${what}: ${chunk.toString('utf8').trim()} (context '${access.context}', namespace '${access.namespace}').`));
      socket.destroy();
    });
    connect(socket, errors, socket).then((ws) => {
      open.add(ws);
      ws.on('close', () => {
        open.delete(ws);
        socket.end();
      });
      if (socket.destroyed) ws.close();
    }, (error: DeployError) => {
      failed(error);
      socket.destroy();
    });
  });
  const localPort = await listen(server, request.localPort ?? 0, name);
  let closed: Promise<void> | undefined;
  const close = () => closed ??= new Promise<void>((resolve) => {
    signal.removeEventListener('abort', onAbort);
    for (const ws of open) ws.close();
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  const onAbort = () => void close();
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) {
    await close();
    throw abortError(signal);
  }
  return { localPort, pod: endpoint.pod, servicePort: endpoint.servicePort, containerPort: endpoint.containerPort, get lastError() { return lastError; }, close };
}

function listen(server: net.Server, port: number, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new DeployError('PORT_IN_USE', `Local port ${port} is in use: choose another port to forward service '${name}' to (or 0 for any free one).`, { cause: error }));
      else if (error.code === 'EACCES') reject(new DeployError('INVALID_ARGUMENT', `Local port ${port} needs privileges to listen on: choose a port above 1023.`, { cause: error }));
      else reject(error);
    });
    server.listen({ port, host: '127.0.0.1' }, () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** `work`, or an abort or timeout; a stream that opens too late is closed. */
function raceAbort<T extends Closable>(work: Promise<T>, signal: AbortSignal, timedOut: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => finish(() => reject(timedOut())), UPGRADE_TIMEOUT_MS);
    const onAbort = () => finish(() => reject(abortError(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then((value) => {
      if (settled) value.close();
      else finish(() => resolve(value));
    }, (error: unknown) => finish(() => reject(error)));

    function finish(settle: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    }
  });
}

/** The `ws` library's failed upgrade ("Unexpected server response: 403") as the status the API server answered. */
function forwardError(access: ClusterAccess, what: string, error: unknown): Error {
  const message = (error as { message?: unknown } | null)?.message;
  const status = typeof message === 'string' ? /Unexpected server response: (\d+)/.exec(message)?.[1] : undefined;
  if (status === undefined) return kubeError(access, what, (error as { error?: unknown } | null)?.error ?? error);
  const code = Number(status);
  const where = `context '${access.context}', namespace '${access.namespace}'`;
  const cause = new UpgradeRefused(code);
  if (code === 403) return new DeployError('FAILED', `Could not ${what}: the cluster forbids it (403). Ask for the RBAC permission to create pods/portforward in namespace '${access.namespace}' (${where}).`, { cause });
  if (code === 401) return new DeployError('TARGET_UNAVAILABLE', `Could not ${what}: the cluster refused the kubeconfig's credentials (401, ${where}). Log in again or renew the token.`, { cause });
  if (code === 404) return new DeployError('NOT_FOUND', `Could not ${what}: the pod is gone (404, ${where}). Try again once the rollout settles.`, { cause });
  return new DeployError('FAILED', `Could not ${what}: the cluster refused the forward (${code}, ${where}).`, { cause });
}
