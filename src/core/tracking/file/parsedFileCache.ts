// Parsed contents of store files, reused while a file keeps its modification time and size. A
// second listing of an unchanged store then costs one stat per file instead of a read and a parse.
import * as fs from 'node:fs';

interface Entry {
  mtimeMs: number;
  size: number;
  value: unknown;
  /** what `parse` threw: a broken file stays broken until it changes */
  error?: unknown;
}

export class ParsedFileCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * The value `parse` gives for the file's current bytes. Throws the fs error (ENOENT, EISDIR,
   * EACCES, ...) when the file cannot be read, and what `parse` threw (remembered like a value).
   */
  read<T>(path: string, parse: (bytes: Buffer) => T): T {
    const cached = this.entries.get(path);
    if (cached) {
      const stat = fs.statSync(path, { throwIfNoEntry: false });
      if (stat && stat.mtimeMs === cached.mtimeMs && stat.size === cached.size) {
        if ('error' in cached) throw cached.error;
        return cached.value as T;
      }
      this.entries.delete(path);
      if (!stat) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    }
    const fd = fs.openSync(path, 'r');
    let bytes: Buffer;
    let stat: fs.Stats;
    try {
      stat = fs.fstatSync(fd);
      bytes = readAll(fd, stat.size);
    } finally {
      fs.closeSync(fd);
    }
    // A file that shrank while it was read is not trusted: the next read redoes it.
    const entry: Entry = { mtimeMs: stat.mtimeMs, size: bytes.length === stat.size ? stat.size : -1, value: undefined };
    this.entries.set(path, entry);
    try {
      entry.value = parse(bytes);
    } catch (error) {
      entry.error = error;
      throw error;
    }
    return entry.value as T;
  }

  /** Forgets every file under `dir` (a run or experiment that went away). */
  forgetUnder(dir: string): void {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    for (const path of this.entries.keys()) if (path.startsWith(prefix)) this.entries.delete(path);
  }

  clear(): void {
    this.entries.clear();
  }
}

// Reads what fstat announced, like fs.readFileSync: bytes appended meanwhile are left for the next
// read, which the size recorded in the cache then triggers.
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
