import type { Experiment, MetricPoint, Run, RunStatus, TrackingStore } from '../../../src/core/tracking/types';
import type { CompareDialogs, SavedKind } from '../../../src/features/compare/compareExports';
import { CompareSession, type CompareSessionOptions } from '../../../src/features/compare/compareSession';
import type { HostToWebview } from '../../../src/protocol/compare';
import type { Logger } from '../../../src/vscode/logger';

export interface FakeRun {
  id: string;
  name?: string;
  experimentId?: string;
  status?: RunStatus;
  params?: Record<string, string>;
  /** key -> history; the latest value is the last point's */
  histories?: Record<string, MetricPoint[]>;
}

export function history(length: number, value: (step: number) => number = (s) => Math.sin(s / 10)): MetricPoint[] {
  return Array.from({ length }, (_, step) => ({ step, timestamp: 1_767_000_000_000 + step * 10, value: value(step) }));
}

/** Just enough of a TrackingStore for the Compare panel: runs, experiments and metric histories. */
export class FakeStore {
  readonly runs = new Map<string, FakeRun>();
  readonly unreadable = new Set<string>();
  readonly historyReads: string[] = [];
  /** when set, history reads wait for it */
  gate: Promise<void> | undefined;
  readonly experiments: Experiment[] = [
    { experiment_id: '1', name: 'vision', artifact_location: '', lifecycle_stage: 'active', creation_time: null, last_update_time: null, tags: {} },
    { experiment_id: '2', name: 'tabular', artifact_location: '', lifecycle_stage: 'active', creation_time: null, last_update_time: null, tags: {} },
  ];

  constructor(runs: FakeRun[]) {
    for (const run of runs) this.runs.set(run.id, run);
  }

  asStore(): TrackingStore {
    const store: Partial<TrackingStore> = {
      kind: 'sqlite',
      uri: 'sqlite:///fake.db',
      listExperiments: async () => ({ items: this.experiments, problems: [] }),
      getRun: async (runId) => this.getRun(runId),
      getMetricHistory: async (runId, key) => {
        this.historyReads.push(`${runId}/${key}`);
        await this.gate;
        const points = this.runs.get(runId)?.histories?.[key];
        if (!points) throw new Error(`no history ${key} for ${runId}`);
        return points.slice();
      },
    };
    return store as TrackingStore;
  }

  private getRun(runId: string): Run {
    const fake = this.runs.get(runId);
    if (!fake || this.unreadable.has(runId)) throw new Error(`run ${runId} not found`);
    const metrics: Record<string, number> = {};
    for (const [key, points] of Object.entries(fake.histories ?? {})) if (points.length > 0) metrics[key] = points[points.length - 1].value;
    return {
      info: {
        run_id: fake.id, run_name: fake.name ?? fake.id, experiment_id: fake.experimentId ?? '1', user_id: 'me', status: fake.status ?? 'FINISHED',
        start_time: 1_767_000_000_000, end_time: fake.status === 'RUNNING' ? null : 1_767_000_100_000, artifact_uri: '', lifecycle_stage: 'active',
      },
      data: { metrics, params: fake.params ?? {}, tags: {} },
      inputs: { dataset_inputs: [] },
      outputs: { model_outputs: [] },
    };
  }
}

export interface SavedFile {
  name: string;
  kind: SavedKind;
  content: Buffer;
}

export class FakeDialogs implements CompareDialogs {
  readonly saved: SavedFile[] = [];
  cancel = false;

  async save(defaultName: string, kind: SavedKind, write: Parameters<CompareDialogs['save']>[2]): Promise<string | undefined> {
    if (this.cancel) return undefined;
    const chunks: Buffer[] = [];
    await write({ write: async (chunk) => void chunks.push(Buffer.from(chunk)) }, new AbortController().signal);
    this.saved.push({ name: defaultName, kind, content: Buffer.concat(chunks) });
    return defaultName;
  }
}

export class FakeLogger implements Logger {
  readonly lines: string[] = [];
  debug = (message: string) => void this.lines.push(`debug ${message}`);
  info = (message: string) => void this.lines.push(`info ${message}`);
  warn = (message: string) => void this.lines.push(`warn ${message}`);
  error = (message: string) => void this.lines.push(`error ${message}`);
  show = () => undefined;
}

/** A session wired to fakes, with everything it posts recorded as the webview would receive it. */
export function fakeSession(store: FakeStore, runIds: string[], options: Partial<CompareSessionOptions> = {}) {
  const posted: HostToWebview[] = [];
  const dialogs = new FakeDialogs();
  const logger = new FakeLogger();
  const firstPaints: number[] = [];
  const appErrors: string[] = [];
  const session = new CompareSession({
    runIds,
    panelState: { runIds, folder: 'file:///work/lab' },
    // A JSON round trip, as postMessage does: nothing may rely on what JSON cannot carry.
    post: (message) => void posted.push(JSON.parse(JSON.stringify(message)) as HostToWebview),
    store: async () => store.asStore(),
    theme: () => 'dark',
    dialogs,
    logger,
    onFirstPaint: (ms) => void firstPaints.push(ms),
    onAppError: (message) => void appErrors.push(message),
    ...options,
  });
  return { session, posted, dialogs, logger, firstPaints, appErrors };
}

export function ofType<T extends HostToWebview['type']>(posted: HostToWebview[], type: T): Extract<HostToWebview, { type: T }>[] {
  return posted.filter((m): m is Extract<HostToWebview, { type: T }> => m.type === type);
}
