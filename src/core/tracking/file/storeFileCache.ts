// Folder listings and parsed files of the store, reused while they keep their modification time
// (and size, for files): a second listing of an unchanged store costs one stat per folder and
// file instead of a readdir, a read and a parse. Kept per folder, with names rather than full
// paths, so that 10,000 runs cost tens of megabytes, not a hundred.
//
// Linux stamps modifications with a coarse clock (a few ms), so a change right after a read can
// leave the time unchanged: anything modified within SETTLE_MS of being read is read again next
// time, until it has settled.
import * as fs from 'node:fs';
import * as path from 'node:path';

const SETTLE_MS = 2000;

const DIRECTORY = 1;
const FILE = 2;
const LINK = 4;
const KIND_MASK = 7;
const CACHE_SHIFT = 3;

// What is cached for an entry.
const NOTHING = 0;
const VALUE = 1;
const ERROR = 2;

export class Folder {
  readonly names: readonly string[];
  // Per entry, three numbers: kind and cache state, then the mtime and size the cached value was
  // parsed at. One plain array of doubles: small typed arrays cost V8 ~200 bytes each.
  private readonly slots: number[];
  private readonly values: unknown[];

  constructor(
    readonly path: string,
    /** false when the folder does not exist (or is not a folder) */
    readonly exists: boolean,
    entries: fs.Dirent[],
    readonly mtimeMs: number,
    readonly settled: boolean,
  ) {
    this.names = entries.map((entry) => entry.name);
    this.slots = new Array<number>(entries.length * 3).fill(0);
    this.values = new Array(entries.length);
    entries.forEach((entry, index) => {
      let kind: fs.Dirent | fs.Stats | undefined = entry;
      if (entry.isSymbolicLink()) kind = fs.statSync(`${this.path}/${entry.name}`, { throwIfNoEntry: false });
      this.slots[index * 3] = (kind?.isDirectory() ? DIRECTORY : 0) | (kind?.isFile() ? FILE : 0) | (entry.isSymbolicLink() ? LINK : 0);
    });
  }

  /** A directory, symbolic links resolved (as os.path.isdir does). */
  isDirectory(index: number): boolean {
    return (this.slots[index * 3] & DIRECTORY) !== 0;
  }

  /** A regular file, symbolic links resolved. */
  isFile(index: number): boolean {
    return (this.slots[index * 3] & FILE) !== 0;
  }

  /** A symbolic link (os.walk does not descend into linked folders). */
  isLink(index: number): boolean {
    return (this.slots[index * 3] & LINK) !== 0;
  }

  /** NOTHING, VALUE or ERROR */
  cachedKind(index: number): number {
    return this.slots[index * 3] >> CACHE_SHIFT;
  }

  /** Whether the cached value was parsed from a file with this mtime and size. */
  cachedFor(index: number, mtimeMs: number, size: number): boolean {
    return this.slots[index * 3 + 1] === mtimeMs && this.slots[index * 3 + 2] === size;
  }

  cachedValue(index: number): unknown {
    return this.values[index];
  }

  cache(index: number, kind: number, mtimeMs: number, size: number, value: unknown): void {
    this.slots[index * 3] = (this.slots[index * 3] & KIND_MASK) | (kind << CACHE_SHIFT);
    this.slots[index * 3 + 1] = mtimeMs;
    this.slots[index * 3 + 2] = size;
    this.values[index] = value;
  }

  /** Moves what entry `from` of `other` cached to entry `index` of this folder. */
  adopt(index: number, other: Folder, from: number): void {
    const kind = other.cachedKind(from);
    if (kind !== NOTHING) this.cache(index, kind, other.slots[from * 3 + 1], other.slots[from * 3 + 2], other.values[from]);
  }
}

export class StoreFileCache {
  private readonly folders = new Map<string, Folder>();

  /** The entries of `dir`, in directory order like os.listdir; a missing folder lists nothing. */
  folder(dir: string): Folder {
    const cached = this.folders.get(dir);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir, { throwIfNoEntry: false });
    } catch {
      stat = undefined; // ENOTDIR: a path through a file
    }
    if (!stat?.isDirectory()) {
      if (cached) this.forget(dir);
      return new Folder(dir, false, [], 0, false);
    }
    if (cached?.settled && cached.mtimeMs === stat.mtimeMs) return cached;
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const folder = new Folder(dir, true, entries, stat.mtimeMs, Date.now() - stat.mtimeMs > SETTLE_MS);
    if (cached) this.carryOver(cached, folder);
    this.folders.set(dir, folder);
    return folder;
  }

  /**
   * What `parse` gives for the current bytes of entry `index` of `folder`. Throws the fs error
   * (ENOENT, EISDIR, ...) when it cannot be read, and what `parse` threw.
   */
  readEntry<T>(folder: Folder, index: number, parse: (bytes: Buffer) => T): T {
    const file = path.join(folder.path, folder.names[index]);
    const kind = folder.cachedKind(index);
    if (kind !== NOTHING) {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat && folder.cachedFor(index, stat.mtimeMs, stat.size)) {
        if (kind === ERROR) throw folder.cachedValue(index);
        return folder.cachedValue(index) as T;
      }
      folder.cache(index, NOTHING, 0, 0, undefined);
    }
    const fd = fs.openSync(file, 'r');
    let bytes: Buffer;
    let stat: fs.Stats;
    try {
      stat = fs.fstatSync(fd);
      bytes = readAll(fd, stat.size);
    } finally {
      fs.closeSync(fd);
    }
    // A file that changed size while it was read, or changed just now, is read again next time.
    const settled = bytes.length === stat.size && Date.now() - stat.mtimeMs > SETTLE_MS;
    try {
      const value = parse(bytes);
      if (settled) folder.cache(index, VALUE, stat.mtimeMs, stat.size, value);
      return value;
    } catch (error) {
      if (settled) folder.cache(index, ERROR, stat.mtimeMs, stat.size, error);
      throw error;
    }
  }

  /** Reads one file; throws ENOENT (as fs does) when its folder has no such entry. */
  read<T>(file: string, parse: (bytes: Buffer) => T): T {
    const folder = this.folder(path.dirname(file));
    const index = folder.names.indexOf(path.basename(file));
    if (index === -1) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
    return this.readEntry(folder, index, parse);
  }

  clear(): void {
    this.folders.clear();
  }

  // Parsed files survive a re-listing of their folder; folders that went away are forgotten.
  private carryOver(before: Folder, after: Folder): void {
    const index = new Map(after.names.map((name, i) => [name, i]));
    before.names.forEach((name, i) => {
      const at = index.get(name);
      if (at === undefined) {
        if (before.isDirectory(i)) this.forget(path.join(before.path, name));
      } else {
        after.adopt(at, before, i);
      }
    });
  }

  private forget(dir: string): void {
    this.folders.delete(dir);
    const prefix = dir + path.sep;
    for (const key of this.folders.keys()) if (key.startsWith(prefix)) this.folders.delete(key);
  }
}

// Reads what fstat announced, like fs.readFileSync.
function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const read = fs.readSync(fd, buffer, length, size - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}
