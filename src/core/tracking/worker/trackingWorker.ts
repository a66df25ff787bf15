// The worker thread's entry (bundled to dist/trackingWorker.js): the real store lives here so its
// synchronous reads and parsing never block the extension host's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openTrackingStore } from '../openTrackingStore';
import { serveTrackingStore } from './serveTrackingStore';
import type { WorkerStart } from './workerProtocol';

if (!parentPort) throw new Error('trackingWorker.js runs in a worker thread (WorkerTrackingStore starts it)');
const start = workerData as WorkerStart;
serveTrackingStore(parentPort, () => openTrackingStore(start.resolved, start.options));
