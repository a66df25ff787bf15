import { type ResourceLimits, Worker } from 'node:worker_threads';
import { TrackingError, describeError } from '../errors';
import { RestartBudget } from './restartBudget';
import type { FromWorker, ToWorker, WorkerStart } from './workerProtocol';

// How long a closing worker gets to close its store (and its file handles, which outlive a
// terminated thread) before it is terminated.
const CLOSE_GRACE_MS = 2000;

export interface SupervisedWorkerOptions {
  workerScript: string;
  workerData: WorkerStart;
  /** the store's display URI, for messages */
  uri: string;
  maxRestartsPerMinute: number;
  resourceLimits?: ResourceLimits;
  onMessage(message: FromWorker): void;
  /** a fresh thread is running; `restarted` when it replaces one that crashed */
  onStart(restarted: boolean): void;
  onCrash(error: TrackingError): void;
}

/** Owns the worker thread: starts it on demand, replaces it after a crash within a restart budget. */
export class SupervisedWorker {
  private worker: Worker | undefined;
  private crashed = false;
  private lastCause = '';
  private failure: TrackingError | undefined;
  private closed = false;
  private readonly budget: RestartBudget;

  constructor(private readonly options: SupervisedWorkerOptions) {
    this.budget = new RestartBudget(options.maxRestartsPerMinute);
  }

  /** Posts to the running worker, starting one first if needed; throws when none can run. */
  post(message: ToWorker): void {
    this.ensureRunning().postMessage(message);
  }

  /** Posts only if a worker is running: a message for a thread that died has no one to reach. */
  postIfRunning(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  ensureRunning(): Worker {
    if (this.closed) throw new TrackingError(this.options.uri, 'the store is closed', 'UNAVAILABLE');
    if (this.failure) throw this.failure;
    if (this.worker) return this.worker;
    const restarted = this.crashed;
    if (restarted && !this.budget.take()) {
      this.failure = new TrackingError(
        this.options.uri,
        `the tracking worker kept crashing (restarted ${this.options.maxRestartsPerMinute} time(s) in the last minute) and is not ` +
          `restarted again (last cause: ${this.lastCause}); open the store again to retry`,
        'UNAVAILABLE',
      );
      throw this.failure;
    }
    const worker = new Worker(this.options.workerScript, {
      workerData: this.options.workerData,
      resourceLimits: this.options.resourceLimits,
    });
    this.worker = worker;
    worker.on('message', (message: FromWorker) => {
      if (worker === this.worker) this.options.onMessage(message);
    });
    // 'error' (an uncaught exception, out of memory) is followed by 'exit': the first one names the cause.
    worker.on('error', (error) => this.stopped(worker, describeError(error)));
    worker.on('exit', (code) => this.stopped(worker, `it exited with code ${code}`));
    this.options.onStart(restarted);
    return worker;
  }

  /** Lets the worker close its store, then ends the thread; terminates it if it does not end soon. */
  close(): void {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    const deadline = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    deadline.unref();
    worker.once('exit', () => clearTimeout(deadline));
  }

  private stopped(worker: Worker, cause: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.crashed = true;
    this.lastCause = cause;
    void worker.terminate();
    this.options.onCrash(
      new TrackingError(this.options.uri, `the tracking worker stopped (${cause}); the request was lost, try again`, 'UNAVAILABLE'),
    );
  }
}
