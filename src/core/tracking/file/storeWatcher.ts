// Change notifications for a file store. Node 20's recursive fs.watch on Linux stats and watches
// every single file (hundreds of thousands in a big store), so this watches folders instead: one
// inotify watch per folder reports creations, appends and rewrites of the files in it.
//
// Inotify watches are a per-user budget shared with the editor, so they are spent breadth first
// (experiments, then runs, newest first, then their metrics/params/tags folders) and only up to
// `maxWatches`. A top-level folder fs.watch refuses (a network drive) is polled instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Disposable, StoreChange, StoreChangeKind } from '../types';
import { classifyStorePath } from './changeClassifier';
import { TRASH } from './storeLayout';
import { changedNames, listingSignature } from './folderSignature';

export interface StoreWatchOptions {
  debounceMs?: number;
  pollIntervalMs?: number;
  maxWatches?: number;
}

const WALK_SLICE_MS = 20;
/** Folders up to this depth (root 0, experiment 1, run 2) are polled when they cannot be watched. */
const POLLED_DEPTH = 2;

/** Depth under the root, `.trash` not counted. */
function depthOf(root: string, dir: string): number {
  const parts = path.relative(root, dir).split(path.sep).filter((part) => part !== '');
  return parts[0] === TRASH ? parts.length - 1 : parts.length;
}

/** Artifact trees of runs and logged models can be huge, and traces are not shown. */
function isUnwatched(root: string, dir: string): boolean {
  const parts = path.relative(root, dir).split(path.sep);
  if (parts[0] === TRASH) parts.shift();
  const last = parts[parts.length - 1];
  if (parts.length === 2) return last === 'traces';
  if (parts.length === 3) return last === 'artifacts';
  return parts.length === 4 && parts[1] === 'models' && last === 'artifacts';
}

/** A quarter of the user's inotify watches (the editor needs its own), between 1k and 100k. */
function defaultMaxWatches(): number {
  try {
    const limit = Number(fs.readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8'));
    if (Number.isFinite(limit) && limit > 0) return Math.min(100_000, Math.max(1024, Math.floor(limit / 4)));
  } catch {
    // not Linux: other platforms have no such budget worth guessing
  }
  return 8192;
}

export class StoreWatcher implements Disposable {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  /** folders fs.watch refused, with the listing they had at the last poll */
  private readonly polled = new Map<string, string>();
  private readonly pendingKinds = new Set<StoreChangeKind>();
  private readonly pendingRuns = new Set<string>();
  private walkQueue: string[] = [];
  private walkHead = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private walkScheduled: NodeJS.Immediate | undefined;
  private disposed = false;
  /** no more inotify watches: the budget is spent or the system refused one */
  private exhausted = false;
  private idleWaiters: Array<() => void> = [];
  private readonly debounceMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxWatches: number;

  constructor(
    private readonly root: string,
    private readonly onChange: (change: StoreChange) => void,
    options: StoreWatchOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxWatches = options.maxWatches ?? defaultMaxWatches();
    this.enqueue(root);
  }

  /** How many folders have an inotify watch. */
  get watchCount(): number {
    return this.watchers.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.polled.clear();
    this.walkQueue = [];
    this.walkHead = 0;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.walkScheduled) clearImmediate(this.walkScheduled);
    this.flushTimer = this.pollTimer = this.walkScheduled = undefined;
    this.settleIdle();
  }

  /** Settles once every folder known so far has its watch (or poll), or on dispose. */
  idle(): Promise<void> {
    if (this.disposed || this.walkScheduled === undefined) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private enqueue(dir: string): void {
    this.walkQueue.push(dir);
    this.walkScheduled ??= setImmediate(() => this.walk());
  }

  // Breadth first, in slices so that watching a store of 10,000 runs never blocks the host.
  private walk(): void {
    this.walkScheduled = undefined;
    const sliceEnd = Date.now() + WALK_SLICE_MS;
    while (!this.disposed && this.walkHead < this.walkQueue.length && Date.now() < sliceEnd) {
      const dir = this.walkQueue[this.walkHead++];
      if (this.watchers.has(dir) || this.polled.has(dir)) continue;
      if (!this.watchDir(dir)) continue;
      this.walkQueue.push(...this.childFolders(dir));
    }
    if (this.walkHead === this.walkQueue.length) {
      this.walkQueue = [];
      this.walkHead = 0;
    }
    if (!this.disposed && this.walkHead < this.walkQueue.length) this.walkScheduled = setImmediate(() => this.walk());
    else this.settleIdle();
  }

  /** Subfolders to watch; the runs of an experiment newest first, as they are the live ones. */
  private childFolders(dir: string): string[] {
    const children = readDirEntries(dir)
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name))
      .filter((child) => !isUnwatched(this.root, child));
    // Ordering costs a stat per run: only worth it when the budget will not cover them all.
    const needed = this.watchers.size + (this.walkQueue.length - this.walkHead) + children.length * 4;
    if (depthOf(this.root, dir) !== 1 || this.exhausted || needed <= this.maxWatches) return children;
    const modified = new Map(children.map((child) => [child, fs.statSync(child, { throwIfNoEntry: false })?.mtimeMs ?? 0]));
    return children.sort((a, b) => (modified.get(b) ?? 0) - (modified.get(a) ?? 0));
  }

  /** Watches (or polls) the folder; false when it gets neither and its subfolders are skipped. */
  private watchDir(dir: string): boolean {
    const shallow = depthOf(this.root, dir) <= POLLED_DEPTH;
    if (this.exhausted || this.watchers.size >= this.maxWatches) {
      this.exhausted = true;
      if (shallow) this.poll(dir);
      return shallow;
    }
    try {
      const watcher = fs.watch(dir, (event, name) => this.onEvent(dir, name === null ? undefined : String(name), event));
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(dir);
        if (!this.disposed && shallow && fs.existsSync(dir)) this.poll(dir);
      });
      this.watchers.set(dir, watcher);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE') this.exhausted = true;
      if (shallow) this.poll(dir);
      return shallow;
    }
  }

  private poll(dir: string): void {
    this.polled.set(dir, listingSignature(dir));
    this.pollTimer ??= setInterval(() => this.pollAll(), this.pollIntervalMs);
  }

  private pollAll(): void {
    for (const [dir, before] of this.polled) {
      const now = listingSignature(dir);
      if (now === before) continue;
      this.polled.set(dir, now);
      for (const name of changedNames(before, now)) this.onEvent(dir, name);
      // A store that did not exist yet gets real watches once it does.
      if (before === '' && now !== '') {
        this.polled.delete(dir);
        this.enqueue(dir);
      }
    }
    if (this.polled.size === 0 && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private onEvent(dir: string, name: string | undefined, event: fs.WatchEventType = 'rename'): void {
    if (this.disposed) return;
    const changed = name === undefined ? dir : path.join(dir, name);
    this.record(path.relative(this.root, changed));
    if (name === undefined || event !== 'rename') return;
    // A new folder (a run, a metric key with `/`) needs its own watch; a removed one loses its.
    const stat = fs.statSync(changed, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!isUnwatched(this.root, changed) && !this.watchers.has(changed) && !this.polled.has(changed)) this.enqueue(changed);
    } else if (!stat) {
      this.forget(changed);
    }
  }

  private forget(dir: string): void {
    const prefix = `${dir}${path.sep}`;
    for (const [watched, watcher] of this.watchers) {
      if (watched === dir || watched.startsWith(prefix)) {
        watcher.close();
        this.watchers.delete(watched);
      }
    }
    for (const watched of this.polled.keys()) if (watched === dir || watched.startsWith(prefix)) this.polled.delete(watched);
  }

  private record(relative: string): void {
    const change = classifyStorePath(relative);
    if (!change) return;
    for (const kind of change.kinds) this.pendingKinds.add(kind);
    if (change.runId) this.pendingRuns.add(change.runId);
    // Not a trailing debounce: a run logging every few milliseconds must still be reported.
    this.flushTimer ??= setTimeout(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.disposed || this.pendingKinds.size === 0) return;
    const change: StoreChange = { kinds: [...this.pendingKinds].sort() };
    if (this.pendingRuns.size > 0) change.runIds = [...this.pendingRuns].sort();
    this.pendingKinds.clear();
    this.pendingRuns.clear();
    this.onChange(change);
  }
}

function readDirEntries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
