import * as k8s from '@kubernetes/client-node';

// One watch through client-node's Watch, recording what arrives, for tests that wait on events.

export interface RecordedEvent {
  type: string;
  name?: string;
  resourceVersion?: string;
  object: { metadata?: { name?: string; resourceVersion?: string }; code?: number; reason?: string; message?: string };
}

export class WatchRecorder {
  readonly events: RecordedEvent[] = [];
  /** resolves with the error client-node reported (null when the server ended the watch) */
  readonly ended: Promise<unknown>;
  private controller: AbortController | undefined;
  private listeners = new Set<() => void>();
  private endedFlag = false;
  private stopRequested = false;

  private constructor(config: k8s.KubeConfig, path: string, query: Record<string, string | number | boolean | undefined>) {
    this.ended = new Promise((resolve) => {
      void new k8s.Watch(config).watch(path, query, (type, object: RecordedEvent['object']) => {
        this.events.push({ type, object, name: object?.metadata?.name, resourceVersion: object?.metadata?.resourceVersion });
        for (const listener of [...this.listeners]) listener();
      }, (error: unknown) => {
        this.endedFlag = true;
        for (const listener of [...this.listeners]) listener();
        resolve(error);
      }).then((controller) => {
        this.controller = controller;
        if (this.stopRequested) controller.abort();
      });
    });
  }

  static start(config: k8s.KubeConfig, path: string, query: Record<string, string | number | boolean | undefined> = {}): WatchRecorder {
    return new WatchRecorder(config, path, query);
  }

  get hasEnded(): boolean {
    return this.endedFlag;
  }

  /** Resolves once `check` holds on the events so far; rejects if the watch ends first. */
  until(what: string, check: (events: RecordedEvent[]) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = () => {
        if (check(this.events)) {
          this.listeners.delete(test);
          resolve();
        } else if (this.endedFlag) {
          this.listeners.delete(test);
          reject(new Error(`the watch ended before ${what}; events: ${this.summary().join(', ')}`));
        }
      };
      this.listeners.add(test);
      test();
    });
  }

  summary(): string[] {
    return this.events.map((e) => `${e.type} ${e.name ?? e.object?.reason ?? ''}`.trim());
  }

  lastResourceVersion(): string | undefined {
    return [...this.events].reverse().find((e) => e.resourceVersion)?.resourceVersion;
  }

  stop(): void {
    this.stopRequested = true;
    this.controller?.abort();
  }
}
