import * as net from 'node:net';
import { abortableDelay } from '../tracking/rest/abortableDelay';
import { abortError } from './deployError';

export type PortState = 'free' | 'inUse' | 'forbidden';

/** Whether a process on this machine could listen on `port` on every interface right now. */
export function probePort(port: number): Promise<PortState> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve('inUse');
      else if (error.code === 'EACCES') resolve('forbidden');
      else reject(error);
    });
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** A port nobody listens on now, chosen by the system. */
export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `port` is free (a stopped container's socket closes a moment after it exits); false at the deadline. */
export async function waitForPortFree(port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await probePort(port)) !== 'inUse') return true;
    if (Date.now() >= deadline) return false;
    if (!(await abortableDelay(100, signal))) throw abortError(signal);
  }
}
