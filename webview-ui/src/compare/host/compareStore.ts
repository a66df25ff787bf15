import type { HostToWebview } from '../../../../src/protocol/compare';
import { applyHostMessage, emptyCompareData, type CompareData } from '../logic/compareData';
import { markStart } from './startMarks';

const hostMessageTypes: ReadonlySet<string> = new Set<HostToWebview['type']>(['init', 'runs', 'series', 'theme', 'error']);

function isHostMessage(value: unknown): value is HostToWebview {
  return typeof value === 'object' && value !== null && hostMessageTypes.has(String((value as { type?: unknown }).type));
}

/**
 * Holds what the host sent, outside React, so nothing is lost between the listener being attached
 * (before `ready` is posted) and the first render. Components read it with useSyncExternalStore.
 */
export class CompareStore {
  private data: CompareData = emptyCompareData;
  private readonly listeners = new Set<() => void>();
  /** increases with every `init`: a new comparison, whose series must be asked for again */
  epoch = 0;

  constructor(private readonly reportProblem: (message: string) => void) {}

  /** Starts listening; returns the listener's removal. */
  listen(): () => void {
    const onMessage = (event: MessageEvent<unknown>): void => {
      if (isHostMessage(event.data)) this.apply(event.data);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }

  apply(message: HostToWebview): void {
    if (message.type === 'init' || message.type === 'series') markStart(message.type);
    const applied = applyHostMessage(this.data, message);
    for (const problem of applied.problems) this.reportProblem(problem);
    if (message.type === 'init') this.epoch++;
    this.data = applied.data;
    for (const listener of this.listeners) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): CompareData => this.data;

  dismissError(): void {
    if (this.data.error === null) return;
    this.data = { ...this.data, error: null };
    for (const listener of this.listeners) listener();
  }
}
