// A build context as a tar stream, packed while the engine reads it: directory trees (filtered by
// their .dockerignore, as the docker CLI does) and generated files. Owners are 0:0 like the
// CLI's, so that identical content hits the build cache whoever packed it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import ignore, { type Ignore } from '@balena/dockerignore';
import * as tar from 'tar-stream';

export type ContextEntry =
  /**
   * a directory tree under `target` ('' for the context's root); with `dockerignore` its
   * .dockerignore applies, except to `alwaysSend` (the Dockerfile and .dockerignore: like the
   * docker CLI, they are sent even when ignored, as the engine needs them)
   */
  | {
      kind: 'tree';
      source: string;
      target: string;
      dockerignore: boolean;
      alwaysSend?: string[];
      /** every file and folder readable (and folders enterable) by all: for an image that runs as another user */
      readableByAll?: boolean;
    }
  | { kind: 'file'; target: string; content: string | Buffer; mode?: number };

export interface PackedContext {
  stream: NodeJS.ReadableStream;
  /** settles when every entry has been written (or packing failed) */
  done: Promise<{ files: number; bytes: number }>;
}

export function packContext(entries: ContextEntry[], signal?: AbortSignal): PackedContext {
  const pack = tar.pack();
  const totals = { files: 0, bytes: 0 };
  const done = (async () => {
    try {
      for (const entry of entries) {
        if (entry.kind === 'file') await addBuffer(pack, entry.target, Buffer.from(entry.content), entry.mode ?? 0o644, totals);
        else await addTree(pack, entry, totals, signal);
      }
      pack.finalize();
      return totals;
    } catch (error) {
      pack.destroy(error as Error);
      throw error;
    }
  })();
  // The reader reports the failure; an unobserved rejection must not crash the process.
  done.catch(() => undefined);
  // tar-stream packs into a streamx Readable, which pipes into Node's streams like one of theirs.
  return { stream: pack as unknown as NodeJS.ReadableStream, done };
}

export interface DockerignoreRules {
  ignores(relativePath: string): boolean;
  /** it has !exceptions, so an ignored folder may still hold files to send */
  hasExceptions: boolean;
}

/** The .dockerignore rules of a folder, or null when it has none. */
export function readDockerignore(dir: string): DockerignoreRules | null {
  let content: string;
  try {
    content = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8');
  } catch {
    return null;
  }
  const lines = content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    // Docker cleans patterns like filepath.Clean: a leading / or ./ means the context's root.
    .map((line) => line.replace(/^(!?)(\.?\/)+/, '$1'));
  const rules: Ignore = ignore().add(lines);
  return { ignores: (relativePath) => rules.ignores(relativePath), hasExceptions: lines.some((line) => line.startsWith('!')) };
}

async function addTree(pack: tar.Pack, entry: Extract<ContextEntry, { kind: 'tree' }>, totals: { files: number; bytes: number }, signal?: AbortSignal): Promise<void> {
  const rules = entry.dockerignore ? readDockerignore(entry.source) : null;
  const alwaysSend = new Set(['.dockerignore', ...(entry.alwaysSend ?? [])]);
  const mode = (stat: fs.Stats) => (stat.mode & 0o7777) | (entry.readableByAll ? (stat.isDirectory() ? 0o555 : 0o444) : 0);
  const walk = async (relative: string): Promise<void> => {
    const names = fs.readdirSync(path.join(entry.source, relative)).sort();
    for (const name of names) {
      if (signal?.aborted) throw signal.reason;
      const rel = relative === '' ? name : `${relative}/${name}`;
      const ignored = rules !== null && rules.ignores(rel) && !alwaysSend.has(rel);
      const full = path.join(entry.source, rel);
      const stat = fs.lstatSync(full);
      const target = entry.target === '' ? rel : `${entry.target}/${rel}`;
      if (stat.isDirectory()) {
        if (ignored && !rules.hasExceptions) continue;
        if (!ignored) await addHeader(pack, { name: `${target}/`, type: 'directory', mode: mode(stat), mtime: stat.mtime });
        await walk(rel);
      } else if (ignored) {
        continue;
      } else if (stat.isSymbolicLink()) {
        await addHeader(pack, { name: target, type: 'symlink', linkname: fs.readlinkSync(full), mode: stat.mode & 0o7777, mtime: stat.mtime });
      } else if (stat.isFile()) {
        await addFile(pack, full, target, stat, mode(stat), totals);
      }
    }
  };
  await walk('');
}

function addHeader(pack: tar.Pack, header: Partial<tar.Header> & { name: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ uid: 0, gid: 0, ...header }, (error) => (error ? reject(error) : resolve()));
  });
}

function addBuffer(pack: tar.Pack, name: string, content: Buffer, mode: number, totals: { files: number; bytes: number }): Promise<void> {
  totals.files += 1;
  totals.bytes += content.length;
  return new Promise((resolve, reject) => {
    pack.entry({ name, mode, uid: 0, gid: 0, mtime: new Date(0) }, content, (error) => (error ? reject(error) : resolve()));
  });
}

async function addFile(pack: tar.Pack, file: string, name: string, stat: fs.Stats, mode: number, totals: { files: number; bytes: number }): Promise<void> {
  totals.files += 1;
  totals.bytes += stat.size;
  let settle: (error?: Error | null) => void = () => undefined;
  const written = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  const sink = pack.entry({ name, size: stat.size, mode, mtime: stat.mtime, uid: 0, gid: 0 }, (error) => settle(error));
  written.catch(() => undefined);
  // Written by hand with backpressure: the entry is a streamx stream, not one of Node's.
  for await (const chunk of fs.createReadStream(file)) {
    if (!sink.write(chunk as Buffer)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
  }
  sink.end(undefined);
  await written;
}
