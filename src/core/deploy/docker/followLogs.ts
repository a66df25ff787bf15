import type { Readable } from 'node:stream';
import type { LogCall } from '../deploymentTarget';
import { dockerError } from './dockerCall';
import { LogFrameDecoder } from './logFrames';
import type { RevisionContainer } from './revisionHistory';
import type { RevisionContainers } from './revisionContainers';

/**
 * Streams a container's log until the caller aborts or the container stops. No timeout: a quiet
 * server may write nothing for hours; the caller's signal ends it.
 */
export async function followLogs(containers: RevisionContainers, container: RevisionContainer, call: LogCall): Promise<void> {
  let stream: Readable;
  try {
    stream = (await containers.docker.getContainer(container.id).logs({
      stdout: true,
      stderr: true,
      follow: true,
      tail: call.tail,
      abortSignal: call.signal,
    })) as unknown as Readable;
  } catch (error) {
    if (call.signal.aborted) return;
    throw dockerError(containers.host, `read the log of ${container.name}`, error);
  }
  const decoder = new LogFrameDecoder(call.onLine);
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    call.signal.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    stream.on('end', () => {
      decoder.end();
      call.signal.removeEventListener('abort', stop);
      resolve();
    });
    stream.on('error', (error) => {
      call.signal.removeEventListener('abort', stop);
      if (call.signal.aborted) resolve();
      else reject(dockerError(containers.host, `read the log of ${container.name}`, error));
    });
  });
}
