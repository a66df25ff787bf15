import type { Readable } from 'node:stream';
import type { Subscription } from '../deploymentTarget';
import { LABELS } from './revisionLabels';
import type { RevisionContainers } from './revisionContainers';

/**
 * Calls `onChange` for every engine event about a container of ours (create, start, die, destroy,
 * ...). The stream stays open as long as the subscription; `onError` is called once when it ends
 * for any reason other than `dispose`, and the owner decides whether to watch again.
 */
export function watchDeploymentEvents(containers: RevisionContainers, onChange: () => void, onError: (error: unknown) => void): Subscription {
  const controller = new AbortController();
  let ended = false;
  const end = (error: unknown) => {
    if (ended || controller.signal.aborted) return;
    ended = true;
    onError(error);
  };
  containers.docker
    .getEvents({ filters: { type: ['container'], label: [LABELS.deployment] }, abortSignal: controller.signal })
    .then((events) => {
      const stream = events as unknown as Readable;
      if (controller.signal.aborted) return stream.destroy();
      controller.signal.addEventListener('abort', () => stream.destroy(), { once: true });
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        if (lines.some((line) => line.trim())) onChange();
      });
      stream.on('end', () => end(new Error('the engine closed its event stream')));
      stream.on('error', end);
    }, end);
  return { dispose: () => controller.abort() };
}
