// Change notifications for a file store. Node 20's recursive fs.watch on Linux stats and watches
// every single file (hundreds of thousands in a big store), so this watches directories instead:
// one inotify watch per folder reports creations, appends and rewrites of the files in it.
// A folder fs.watch refuses (no inotify watches left, a network drive) is polled instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Disposable, StoreChange, StoreChangeKind } from '../types';
import { classifyStorePath } from './changeClassifier';
import { TRASH } from './storeLayout';

export interface StoreWatchOptions {
  debounceMs?: number;
  pollIntervalMs?: number;
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
const WALK_SLICE_MS = 20;

export class StoreWatcher implements Disposable {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  /** folders fs.watch refused, with the listing they had at the last poll */
  private readonly polled = new Map<string, string>();
  private readonly pendingKinds = new Set<StoreChangeKind>();
  private readonly pendingRuns = new Set<string>();
  private readonly walkQueue: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private walkScheduled: NodeJS.Immediate | undefined;
  private disposed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly debounceMs: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly root: string,
    private readonly onChange: (change: StoreChange) => void,
    options: StoreWatchOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.enqueue(root);
  }

  dispose(): void {
    this.disposed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.polled.clear();
    this.walkQueue.length = 0;
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

  // Folders are added in slices so that watching a store of 10,000 runs never blocks the host.
  private walk(): void {
    this.walkScheduled = undefined;
    const sliceEnd = Date.now() + WALK_SLICE_MS;
    while (!this.disposed && this.walkQueue.length > 0 && Date.now() < sliceEnd) {
      const dir = this.walkQueue.pop() as string;
      if (this.watchers.has(dir) || this.polled.has(dir)) continue;
      this.watchDir(dir);
      for (const entry of readDirEntries(dir)) {
        const child = path.join(dir, entry.name);
        if (entry.isDirectory() && !isUnwatched(this.root, child)) this.walkQueue.push(child);
      }
    }
    if (!this.disposed && this.walkQueue.length > 0) this.walkScheduled = setImmediate(() => this.walk());
    else this.settleIdle();
  }

  private watchDir(dir: string): void {
    try {
      const watcher = fs.watch(dir, (event, name) => this.onEvent(dir, name === null ? undefined : String(name), event));
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(dir);
        if (!this.disposed && fs.existsSync(dir)) this.poll(dir);
      });
      this.watchers.set(dir, watcher);
    } catch {
      this.poll(dir);
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
      if (!isUnwatched(this.root, changed) && !this.watchers.has(changed)) this.enqueue(changed);
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

/** Names, sizes and modification times of a folder's entries; '' when it does not exist. */
function listingSignature(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  const lines = readDirEntries(dir).map((entry) => {
    const stat = fs.statSync(path.join(dir, entry.name), { throwIfNoEntry: false });
    return `${entry.name}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}`;
  });
  return ['.', ...lines.sort()].join('\n');
}

function changedNames(before: string, now: string): string[] {
  const old = new Set(before.split('\n'));
  const fresh = new Set(now.split('\n'));
  const names = new Set<string>();
  for (const line of fresh) if (!old.has(line) && line !== '.') names.add(line.split('\0')[0]);
  for (const line of old) if (!fresh.has(line) && line !== '.') names.add(line.split('\0')[0]);
  return [...names];
}
