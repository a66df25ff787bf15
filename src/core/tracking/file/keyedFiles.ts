// MLflow keeps params, tags and metrics as one file per key under a folder; a key with `/` is a
// nested path (`metrics/loss/train` is the key `loss/train`). This walks such a folder the way
// os.walk does in FileStore._get_resource_files.
import * as path from 'node:path';
import type { StoreProblem } from '../types';
import { describeError } from '../errors';
import type { Folder, StoreFileCache } from './storeFileCache';

export interface KeyedFile {
  key: string;
  folder: Folder;
  index: number;
}

export function keyedFilePath(file: KeyedFile): string {
  return path.join(file.folder.path, file.folder.names[file.index]);
}

/** Every file under `dir` with its key, sorted by key; [] when the folder does not exist. */
export function listKeyedFiles(dir: string, cache: StoreFileCache): KeyedFile[] {
  const files: KeyedFile[] = [];
  const walk = (folder: Folder, prefix: string) => {
    folder.names.forEach((name, index) => {
      if (folder.isFile(index)) files.push({ key: prefix + name, folder, index });
      // os.walk does not descend into a symbolic link to a directory.
      else if (folder.isDirectory(index) && !folder.isLink(index)) walk(cache.folder(path.join(folder.path, name)), `${prefix}${name}/`);
    });
  };
  walk(cache.folder(dir), '');
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** MLflow reads param and tag files whole, in binary mode: no newline translation, strict UTF-8. */
export function decodeValue(bytes: Buffer): string {
  return utf8.decode(bytes);
}

/** The values of a params/ or tags/ folder; an unreadable file becomes a problem. */
export function readKeyedValues(
  dir: string,
  cache: StoreFileCache,
  problems: StoreProblem[],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of listKeyedFiles(dir, cache)) {
    try {
      values[file.key] = cache.readEntry(file.folder, file.index, decodeValue);
    } catch (error) {
      problems.push({ item: keyedFilePath(file), message: unreadable(error) });
    }
  }
  return values;
}

export function unreadable(error: unknown): string {
  if (error instanceof TypeError) return 'not valid UTF-8';
  return describeError(error);
}
