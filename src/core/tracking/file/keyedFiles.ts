// MLflow keeps params, tags and metrics as one file per key under a folder; a key with `/` is a
// nested path (`metrics/loss/train` is the key `loss/train`). This walks such a folder the way
// os.walk does in FileStore._get_resource_files.
import * as path from 'node:path';
import type { StoreProblem } from '../types';
import { describeError } from '../errors';
import { isFile, listDir } from './storeLayout';
import type { ParsedFileCache } from './parsedFileCache';

export interface KeyedFile {
  key: string;
  path: string;
}

/** Every file under `folder` with its key, sorted by key; [] when the folder does not exist. */
export function listKeyedFiles(folder: string): KeyedFile[] {
  const files: KeyedFile[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of listDir(dir)) {
      if (isFile(dir, entry)) files.push({ key: prefix + entry.name, path: path.join(dir, entry.name) });
      // os.walk does not descend into a symbolic link to a directory.
      else if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    }
  };
  walk(folder, '');
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** MLflow reads param and tag files whole, in binary mode: no newline translation, strict UTF-8. */
export function decodeValue(bytes: Buffer): string {
  return utf8.decode(bytes);
}

/** The values of a params/ or tags/ folder; an unreadable file becomes a problem. */
export function readKeyedValues(
  folder: string,
  cache: ParsedFileCache,
  problems: StoreProblem[],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of listKeyedFiles(folder)) {
    try {
      values[file.key] = cache.read(file.path, decodeValue);
    } catch (error) {
      problems.push({ item: file.path, message: unreadable(error) });
    }
  }
  return values;
}

export function unreadable(error: unknown): string {
  if (error instanceof TypeError) return 'not valid UTF-8';
  return describeError(error);
}
