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

interface FileSlot {
  mtimeMs: number;
  size: number;
  settled: boolean;
  value: unknown;
  /** `value` is what the parser threw: a broken file stays broken until it changes */
  failed: boolean;
}

export interface Folder {
  readonly path: string;
  /** false when the folder does not exist (or is not a folder) */
  readonly exists: boolean;
  readonly names: readonly string[];
  /** per name: a directory (symbolic links resolved, as os.path.isdir does) */
  readonly directories: readonly boolean[];
  /** per name: a regular file (symbolic links resolved) */
  readonly files: readonly boolean[];
  /** per name: a symbolic link (os.walk does not descend into linked folders) */
  readonly links: readonly boolean[];
}

interface CachedFolder extends Folder {
  mtimeMs: number;
  settled: boolean;
  slots: Array<FileSlot | undefined>;
}

function missingFolder(dir: string): CachedFolder {
  return { path: dir, exists: false, names: [], directories: [], files: [], links: [], mtimeMs: 0, settled: false, slots: [] };
}

export class StoreFileCache {
  private readonly folders = new Map<string, CachedFolder>();

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
      return missingFolder(dir);
    }
    if (cached?.settled && cached.mtimeMs === stat.mtimeMs) return cached;
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const folder: CachedFolder = {
      path: dir,
      exists: true,
      names: entries.map((entry) => entry.name),
      directories: [],
      files: [],
      links: entries.map((entry) => entry.isSymbolicLink()),
      mtimeMs: stat.mtimeMs,
      settled: Date.now() - stat.mtimeMs > SETTLE_MS,
      slots: [],
    };
    for (const entry of entries) {
      let kind: fs.Stats | fs.Dirent | undefined = entry;
      if (entry.isSymbolicLink()) kind = fs.statSync(path.join(dir, entry.name), { throwIfNoEntry: false });
      (folder.directories as boolean[]).push(kind?.isDirectory() ?? false);
      (folder.files as boolean[]).push(kind?.isFile() ?? false);
    }
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
    const slots = (folder as CachedFolder).slots;
    const cached = slots[index];
    if (cached?.settled) {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat && stat.mtimeMs === cached.mtimeMs && stat.size === cached.size) {
        if (cached.failed) throw cached.value;
        return cached.value as T;
      }
    }
    slots[index] = undefined;
    const fd = fs.openSync(file, 'r');
    let bytes: Buffer;
    let stat: fs.Stats;
    try {
      stat = fs.fstatSync(fd);
      bytes = readAll(fd, stat.size);
    } finally {
      fs.closeSync(fd);
    }
    // A file that changed size while it was read is read again next time.
    const settled = bytes.length === stat.size && Date.now() - stat.mtimeMs > SETTLE_MS;
    const slot: FileSlot = { mtimeMs: stat.mtimeMs, size: stat.size, settled, value: undefined, failed: false };
    slots[index] = slot;
    try {
      slot.value = parse(bytes);
    } catch (error) {
      slot.value = error;
      slot.failed = true;
      throw error;
    }
    return slot.value as T;
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
  private carryOver(before: CachedFolder, after: CachedFolder): void {
    const index = new Map(after.names.map((name, i) => [name, i]));
    before.names.forEach((name, i) => {
      const at = index.get(name);
      if (at === undefined) this.forget(path.join(before.path, name));
      else if (before.slots[i]) after.slots[at] = before.slots[i];
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
