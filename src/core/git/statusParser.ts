import type { StatusEntry, WorkTreeStatus } from './gitTypes';

/** Reads `git status --porcelain=v2 --branch -z`. */
export function parseStatus(output: string): WorkTreeStatus {
  const status: WorkTreeStatus = { branch: null, head: null, entries: [], isDirty: false };
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record.startsWith('# branch.oid ')) {
      const oid = record.slice('# branch.oid '.length);
      status.head = oid === '(initial)' ? null : oid;
    } else if (record.startsWith('# branch.head ')) {
      const head = record.slice('# branch.head '.length);
      status.branch = head === '(detached)' ? null : head;
    } else if (record.startsWith('1 ')) {
      status.entries.push(trackedEntry('changed', record, 8));
    } else if (record.startsWith('2 ')) {
      // a rename is followed by its source path as a record of its own
      status.entries.push({ ...trackedEntry('renamed', record, 9), originalPath: records[++i] });
    } else if (record.startsWith('u ')) {
      status.entries.push(trackedEntry('unmerged', record, 10));
    } else if (record.startsWith('? ')) {
      status.entries.push({ kind: 'untracked', path: record.slice(2), code: '??' });
    } else if (record.startsWith('! ')) {
      status.entries.push({ kind: 'ignored', path: record.slice(2), code: '!!' });
    }
  }
  status.isDirty = status.entries.some((entry) => entry.kind !== 'untracked' && entry.kind !== 'ignored');
  return status;
}

/** The path is everything after the fixed fields, so it may contain spaces. */
function trackedEntry(kind: StatusEntry['kind'], record: string, fieldsBeforePath: number): StatusEntry {
  let index = 0;
  for (let field = 0; field < fieldsBeforePath; field++) {
    index = record.indexOf(' ', index) + 1;
    if (index === 0) throw new Error(`unexpected git status record: ${JSON.stringify(record.slice(0, 200))}`);
  }
  return { kind, path: record.slice(index), code: record.slice(2, 4) };
}
