// What a polled folder looks like: its entries with their sizes and modification times, so that
// comparing two signatures tells which entries were added, removed or changed.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** '' when the folder does not exist. */
export function listingSignature(dir: string): string {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return '';
  }
  const lines = entries.map((name) => {
    const stat = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
    return `${name}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}`;
  });
  return ['.', ...lines.sort()].join('\n');
}

/** The names whose entry differs between two signatures. */
export function changedNames(before: string, now: string): string[] {
  const old = new Set(before.split('\n'));
  const fresh = new Set(now.split('\n'));
  const names = new Set<string>();
  for (const line of fresh) if (!old.has(line) && line !== '.') names.add(line.split('\0')[0]);
  for (const line of old) if (!fresh.has(line) && line !== '.') names.add(line.split('\0')[0]);
  return [...names];
}
